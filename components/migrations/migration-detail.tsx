"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect } from "react";
import { useHydrated, useNow } from "@/lib/hooks/use-now";
import { newestFreshness } from "@/lib/live/newest-freshness";
import { BffRequestError, fetchMigration, migrationKeys } from "@/lib/migrations/bff-client";
import { formatDuration, formatLocal, formatUtc } from "@/lib/migrations/format-time";
import { statusInfo, stuckHint, stuckText } from "@/lib/migrations/status-catalogue";
import { useLiveUpdates } from "../providers/live-updates";
import { CopyButton } from "../ui/copy-button";
import { ErrorPanel } from "./list-states";
import { LocalTime } from "./local-time";
import { NamedId } from "./named-id";
import { StatusBadge } from "./status-badge";
import { StatusSince, StatusTimeline } from "./status-timeline";
import { SyncNotice } from "./sync-notice";

/** Polling, stream or not (see the list): a change comes pushed at once while the stream is up. */
const POLL_MS = 5_000;
/** While the change stream is up, changes and the sync's freshness come pushed: polling is a safety net. */
const STREAMING_POLL_MS = 60_000;

function Field({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="grid gap-1 border-t border-slate-100 py-3 sm:grid-cols-[12rem_1fr] dark:border-slate-800">
      <dt className="text-sm font-medium text-slate-700 dark:text-slate-300">{label}</dt>
      <dd className="text-sm break-all" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** The statuses that come with a reason: failed, or finished with some items failed. */
const FAILURE_STATUSES: ReadonlySet<string> = new Set(["FAILED", "COMPLETED_WITH_FAILURES"]);

/**
 * Why it failed (or what failed), as the Migrations API's webhook said: its API resource has no
 * reason, so without a webhook there is none to show, and the page says so.
 */
function FailureReason({ status, reason }: { status: string; reason: string | null }) {
  const heading = status === "FAILED" ? "Why it failed" : "What failed";
  return (
    <section
      aria-label={heading}
      data-testid="failure-reason"
      className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-950 dark:border-red-800 dark:bg-red-950 dark:text-red-50"
    >
      <h2 className="font-semibold">{heading}</h2>
      {reason ? (
        <p data-testid="failure-reason-text">{reason}</p>
      ) : (
        <p data-testid="failure-reason-unknown">
          Not reported: the reason comes with the Migrations API&apos;s webhooks, and none gave one for this migration.
        </p>
      )}
    </section>
  );
}

const linkClass = "text-blue-800 underline underline-offset-2 hover:decoration-2 dark:text-blue-300";

export function MigrationDetail({ id }: { id: string }) {
  const hydrated = useHydrated();
  const now = useNow(1000);
  const pushed = useLiveUpdates();
  const query = useQuery({
    queryKey: migrationKeys.detail(id),
    queryFn: ({ signal }) => fetchMigration(id, signal),
    // Poll while the migration can still change; stop once it is terminal.
    refetchInterval: (q) =>
      q.state.data && !statusInfo(q.state.data.data.status).terminal
        ? pushed.streaming
          ? STREAMING_POLL_MS
          : POLL_MS
        : false,
    refetchIntervalInBackground: false,
    retry: false,
  });
  // Any pushed change: a terminal migration can still gain its failure reason or be removed.
  // Not while it shows an error: that would be a read-through of an unknown id on every change anywhere.
  const { refetch } = query;
  const shown = query.data !== undefined;
  useEffect(() => {
    if (shown && pushed.changes > 0) void refetch();
  }, [pushed.changes, shown, refetch]);

  if (!query.data) {
    const error = query.error instanceof BffRequestError ? query.error : undefined;
    if (query.isError) {
      return (
        <ErrorPanel
          code={error?.code ?? "unexpected"}
          message={query.error.message}
          onRetry={() => query.refetch()}
          retrying={query.isFetching}
        />
      );
    }
    return <p className="text-sm text-slate-600">Loading…</p>;
  }

  const view = query.data;
  const freshness = newestFreshness(view.freshness, query.dataUpdatedAt, pushed.freshness);
  const migration = view.data;
  const info = statusInfo(migration.status);
  const createdMs = Date.parse(migration.created);
  const shareUrl = hydrated ? `${window.location.origin}/migrations/${migration.id}` : `/migrations/${migration.id}`;
  const statusSinceMs = view.status_since ? Date.parse(view.status_since) : undefined;
  const stuck = hydrated && !info.terminal ? stuckHint(migration.status, createdMs, statusSinceMs, now) : undefined;

  return (
    <article className="flex flex-col gap-4">
      <nav aria-label="Breadcrumb" className="text-sm">
        <Link href="/migrations" className={linkClass}>
          Migrations
        </Link>{" "}
        <span aria-hidden="true">/</span> <span className="font-mono">{migration.id.slice(0, 8)}…</span>
      </nav>
      <header className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="flex flex-wrap items-center gap-3 text-2xl font-semibold tracking-tight">
          Migration
          <StatusBadge status={migration.status} />
        </h1>
        <div className="flex items-center gap-2 text-sm">
          <span className="inline-flex items-center gap-1">
            Copy link <CopyButton value={shareUrl} label="Copy link to this migration" />
          </span>
          <span className="text-slate-600 dark:text-slate-400" data-testid="detail-polling">
            {info.terminal
              ? "Final status"
              : query.isFetching
                ? "Checking…"
                : pushed.streaming
                  ? "Updates as they happen"
                  : "Checking every 5 s"}
          </span>
        </div>
      </header>
      <p
        data-testid="status-explanation"
        className="rounded-md border border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200"
      >
        <strong>{info.label}.</strong> {info.description}
        {stuck ? (
          <>
            {" "}
            <span data-testid="stuck-hint" data-basis={stuck.basis}>
              {stuck.basis === "status"
                ? `It has been ${stuckText(migration.status, stuck)}, much longer than usual: it may be stuck.`
                : `It was ${stuckText(migration.status, stuck)} and is still not finished (when it entered ${migration.status} is not known): it may be stuck.`}
            </span>
          </>
        ) : null}
      </p>
      {FAILURE_STATUSES.has(migration.status) ? (
        <FailureReason status={migration.status} reason={view.error_message} />
      ) : null}
      {freshness?.state === "failing" ? <SyncNotice freshness={freshness} subject="this migration" /> : null}
      {query.isError ? (
        <p data-testid="stale-error" className="text-sm text-amber-900 dark:text-amber-200">
          Could not refresh: {query.error.message} Showing the last data received.
        </p>
      ) : null}
      <dl className="rounded-lg border border-slate-200 px-4 dark:border-slate-700">
        <Field label="ID" testId="detail-id">
          <span className="inline-flex items-center gap-1 font-mono">
            {migration.id} <CopyButton value={migration.id} label="Copy id" />
          </span>
        </Field>
        <Field label="Status" testId="detail-status">
          <span className="font-mono">{migration.status}</span>
        </Field>
        <Field label="Created (your time)" testId="detail-created-local">
          {hydrated ? formatLocal(migration.created) : formatUtc(migration.created)}
        </Field>
        <Field label="Created (UTC)" testId="detail-created-utc">
          <span className="inline-flex items-center gap-1">
            {formatUtc(migration.created)}
            <span className="font-mono text-xs text-slate-600 dark:text-slate-400">({migration.createdRaw})</span>
            <CopyButton value={migration.createdRaw} label="Copy created time (ISO)" />
          </span>
        </Field>
        <Field label="Age" testId="detail-age">
          {hydrated ? formatDuration(now - createdMs) : ""}
        </Field>
        <Field label="In this status">
          <StatusSince view={view} />
        </Field>
        <Field label="First seen by this dashboard">
          <LocalTime iso={view.first_seen_at} testId="detail-first-seen" />
        </Field>
        <Field label="Company" testId="detail-company">
          {migration.companyId === null ? (
            <span className="italic text-slate-600 dark:text-slate-400">no company</span>
          ) : (
            <span className="inline-flex flex-wrap items-center gap-2">
              <NamedId name={migration.companyName} id={migration.companyId} kind="company" />
              <Link href={`/companies/${encodeURIComponent(migration.companyId)}`} className={linkClass}>
                Company page
              </Link>
              <Link href={`/migrations?company_id=${encodeURIComponent(migration.companyId)}`} className={linkClass}>
                All migrations of this company
              </Link>
              <Link href={`/companies/${encodeURIComponent(migration.companyId)}`} className={linkClass}>
                Company review
              </Link>
            </span>
          )}
        </Field>
        <Field label="Created by user" testId="detail-user">
          <span className="inline-flex flex-wrap items-center gap-2">
            <NamedId name={migration.createdByUserName} id={migration.createdByUserId} kind="user" />
            <Link
              href={`/migrations?created_by_user_id=${encodeURIComponent(migration.createdByUserId)}`}
              className={linkClass}
            >
              All migrations of this user
            </Link>
          </span>
        </Field>
      </dl>
      <section aria-labelledby="status-history-heading" className="flex flex-col gap-2">
        <h2 id="status-history-heading" className="text-lg font-semibold">
          Status history
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Changes as this dashboard observed them, oldest first; each time is when a change was seen, shortly after it
          happened.
        </p>
        <StatusTimeline view={view} />
      </section>
    </article>
  );
}
