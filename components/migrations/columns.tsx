"use client";

import { createColumnHelper, tableFeatures } from "@tanstack/react-table";
import Link from "next/link";
import { useHydrated, useNow } from "@/lib/hooks/use-now";
import { formatDuration } from "@/lib/migrations/format-time";
import type { Migration } from "@/lib/migrations/migration";
import { statusInfo, stuckHint, stuckText } from "@/lib/migrations/status-catalogue";
import { CopyButton } from "../ui/copy-button";
import { CompanyCell } from "./company-cell";
import { CreatedTime } from "./created-time";
import { useRowContext } from "./list-context";
import { StatusBadge } from "./status-badge";
import { UserCell } from "./user-cell";

// No features: this browser's column order and hidden columns are applied to the column list the
// table is given (useMigrationsTable), which costs less on the list page than the table's own features.
export const tableFeaturesUsed = tableFeatures({});
const column = createColumnHelper<typeof tableFeaturesUsed, Migration>();

function StatusCell({ migration }: { migration: Migration }) {
  const { changedIds } = useRowContext();
  const changed = changedIds.has(migration.id);
  const reason = migration.errorMessage;
  return (
    <span className="inline-flex items-center gap-1.5" data-reason={reason}>
      <StatusBadge
        status={migration.status}
        {...(reason ? { title: `${statusInfo(migration.status).description} Reason: ${reason}` } : {})}
      />
      {reason ? <span className="sr-only">Reason: {reason}</span> : null}
      {changed ? (
        <span data-testid="status-changed" className="text-xs font-medium text-blue-800 dark:text-blue-200">
          changed
        </span>
      ) : null}
    </span>
  );
}

function IdCell({ migration }: { migration: Migration }) {
  return (
    <span className="inline-flex items-center gap-1">
      {/* No prefetch: a page of rows would fire one request per row and queue the list's own fetches. */}
      <Link
        href={`/migrations/${migration.id}`}
        data-row-link
        prefetch={false}
        title={migration.id}
        className="font-mono text-blue-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-300"
      >
        <span aria-hidden="true">{migration.id.slice(0, 8)}…</span>
        <span className="sr-only">Migration {migration.id}</span>
      </Link>
      <CopyButton value={migration.id} label={`Copy id ${migration.id}`} />
    </span>
  );
}

function CreatedCell({ migration }: { migration: Migration }) {
  return (
    <span className="inline-flex items-center gap-1">
      <CreatedTime migration={migration} />
      <CopyButton value={migration.createdRaw} label="Copy created time (ISO)" />
    </span>
  );
}

function AgeCell({ migration }: { migration: Migration }) {
  const now = useNow(15_000);
  const hydrated = useHydrated();
  // A fixed width: the age appears after hydration without moving the other columns.
  return <span className="inline-block min-w-[9rem]">{hydrated ? <Age migration={migration} now={now} /> : null}</span>;
}

function Age({ migration, now }: { migration: Migration; now: number }) {
  const createdMs = Date.parse(migration.created);
  const age = formatDuration(now - createdMs);
  if (statusInfo(migration.status).terminal) return <span className="text-slate-600 dark:text-slate-400">{age}</span>;
  const statusSinceMs = migration.statusSince !== undefined ? Date.parse(migration.statusSince) : undefined;
  const hint = stuckHint(migration.status, createdMs, statusSinceMs, now);
  if (!hint) return <span>{age}</span>;
  const measured = stuckText(migration.status, hint);
  return (
    <span
      data-testid="stuck-hint"
      data-basis={hint.basis}
      title={
        hint.basis === "status"
          ? `Created ${age} ago and ${measured}: much longer than usual, it may be stuck.`
          : `Created ${age} ago and still ${migration.status} (since before this dashboard first saw it): much longer than usual, it may be stuck.`
      }
      className="inline-flex items-center gap-1 whitespace-nowrap font-medium text-orange-800 dark:text-orange-200"
    >
      <span aria-hidden="true">⚠</span>
      {measured} · may be stuck
    </span>
  );
}

export const migrationColumns = column.columns([
  column.accessor("status", { header: "Status", cell: (info) => <StatusCell migration={info.row.original} /> }),
  column.accessor("id", { header: "ID", cell: (info) => <IdCell migration={info.row.original} /> }),
  column.accessor("created", { header: "Created", cell: (info) => <CreatedCell migration={info.row.original} /> }),
  column.accessor("companyId", { header: "Company", cell: (info) => <CompanyCell migration={info.row.original} /> }),
  column.accessor("createdByUserId", {
    header: "Created by",
    cell: (info) => <UserCell migration={info.row.original} />,
  }),
  column.display({ id: "age", header: "Age", cell: (info) => <AgeCell migration={info.row.original} /> }),
]);
