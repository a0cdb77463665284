"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import { useQueryStates } from "nuqs";
import { useCallback, useEffect, useMemo, useState } from "react";
import { useChangedStatuses } from "@/lib/hooks/use-changed-statuses";
import { usePhoneLayout } from "@/lib/hooks/use-phone-layout";
import { useTablePreferences } from "@/lib/hooks/use-table-preferences";
import { newestFreshness } from "@/lib/live/newest-freshness";
import { BffRequestError, fetchMigrationList, migrationKeys } from "@/lib/migrations/bff-client";
import { REASON_FILTER_PATTERN } from "@/lib/migrations/list-options";
import type { Migration } from "@/lib/migrations/migration";
import { hasFilters, migrationListParsers, toBffQuery, toListParams } from "@/lib/migrations/url-state";
import { useLiveUpdates } from "../providers/live-updates";
import { CreatedRangeChip } from "./created-range-chip";
import { ExportLinks } from "./export-links";
import { IdFilterInput } from "./id-filter-input";
import { RowContext } from "./list-context";
import { ErrorPanel, errorMessageFor, NoMatches, NoMigrationsYet, NothingReadYet, TableSkeleton } from "./list-states";
import { LiveIndicator } from "./live-indicator";
import { MigrationsTable, useAllColumnsTable, useMigrationsTable } from "./migrations-table";
import { OwnerFilterCombobox } from "./owner-filter-combobox";
import { Pagination } from "./pagination";
import { StatusFilter } from "./status-filter";
import { StatusSummaryBar } from "./status-summary-bar";

/**
 * Controls used now and then, loaded just after the page rather than with it: the list page's
 * first-load JavaScript has a budget. Until then a twin stands in, so nothing moves when they arrive.
 */
function LoadingButton({ label }: { label: string }) {
  return (
    <button
      type="button"
      disabled
      className="inline-flex h-9 items-center gap-1 rounded-md border border-slate-300 px-3 text-sm text-slate-500 dark:border-slate-600 dark:text-slate-400"
    >
      {label}
    </button>
  );
}
const SaveViewControl = dynamic(
  () => import("../saved-views/save-view-control").then((module) => module.SaveViewControl),
  { ssr: false, loading: () => <LoadingButton label="Save view" /> },
);
/**
 * The first read's banner and the failing notice: shown in those states only, so their code comes
 * just after the page (the states are in the data the page already has; a moment later is fine).
 */
const SyncNotice = dynamic(() => import("./sync-notice").then((module) => module.SyncNotice), { ssr: false });
const GoToMigration = dynamic(() => import("./go-to-migration").then((module) => module.GoToMigration), {
  ssr: false,
  loading: () => (
    <div className="flex flex-col">
      <span className="text-xs font-medium text-slate-700 dark:text-slate-300">Go to migration</span>
      <input
        type="search"
        disabled
        aria-label="Go to migration"
        placeholder="Paste a migration id"
        className="mt-0.5 h-9 w-full max-w-full rounded-md border border-slate-300 bg-white px-2 font-mono text-sm sm:w-72 dark:border-slate-600 dark:bg-slate-900"
      />
    </div>
  ),
});
/**
 * The phone cards: on a phone the server's HTML shows the table (scrolling sideways inside its
 * frame) until these arrive, a moment after the page; wide screens never load them.
 */
const MigrationCards = dynamic(() => import("./migration-cards").then((module) => module.MigrationCards), {
  ssr: false,
});
const ColumnSettings = dynamic(() => import("./column-settings").then((module) => module.ColumnSettings), {
  ssr: false,
  loading: () => <LoadingButton label="Columns ▾" />,
});

/** Polling while the change stream is down. */
const LIVE_INTERVAL_MS = 10_000;
/** While it is up, changes and the sync's freshness come pushed: polling is only a safety net. */
const STREAMING_INTERVAL_MS = 60_000;

/** One empty list for "no rows yet", so the table does not see new data on every render. */
const NO_ROWS: Migration[] = [];

/** Errors worth one quick automatic retry; the rest are shown at once. */
function shouldRetry(failureCount: number, error: Error): boolean {
  return failureCount < 1 && error instanceof BffRequestError && ["network", "timed_out"].includes(error.code);
}

export function MigrationsList() {
  const [urlState, setUrlState] = useQueryStates(migrationListParsers, { history: "push" });
  const params = useMemo(() => toListParams(urlState), [urlState]);
  const [live, setLive] = useState(true);
  const pushed = useLiveUpdates();

  const query = useQuery({
    queryKey: migrationKeys.list(params),
    queryFn: ({ signal }) => fetchMigrationList(params, signal),
    placeholderData: keepPreviousData,
    refetchInterval: live ? (pushed.streaming ? STREAMING_INTERVAL_MS : LIVE_INTERVAL_MS) : false,
    refetchIntervalInBackground: false,
    retry: shouldRetry,
  });
  // A change pushed by the server: the view as it is now (paused views wait for the user).
  const { refetch } = query;
  useEffect(() => {
    if (live && pushed.changes > 0) void refetch();
  }, [pushed.changes, live, refetch]);
  const view = query.data;
  const changedIds = useChangedStatuses(view?.data, toBffQuery(params), query.dataUpdatedAt);
  const [preferences, updatePreferences] = useTablePreferences();
  const table = useMigrationsTable(view?.data ?? NO_ROWS, preferences);
  const cardsTable = useAllColumnsTable(view?.data ?? NO_ROWS);
  const layout = usePhoneLayout();

  // Any filter change starts again from page 1 (page: null removes it from the URL).
  const setFilters = useCallback(
    (
      patch: Partial<{
        status: string[];
        company_id: string;
        created_by_user_id: string;
        reason: string;
        created_from: string;
        created_to: string;
      }>,
    ) => setUrlState({ ...patch, page: null }),
    [setUrlState],
  );
  const clearFilters = () =>
    setFilters({ status: [], company_id: "", created_by_user_id: "", reason: "", created_from: "", created_to: "" });

  const rowContext = useMemo(
    () => ({
      changedIds,
      filterByCompany: (companyId: string) => setFilters({ company_id: companyId }),
      filterByUser: (userId: string) => setFilters({ created_by_user_id: userId }),
    }),
    [changedIds, setFilters],
  );

  const error = query.error instanceof BffRequestError ? query.error : undefined;
  const counts = view?.counts ?? {};
  // Paused views keep what they show, freshness included.
  const freshness = live ? newestFreshness(view?.freshness, query.dataUpdatedAt, pushed.freshness) : view?.freshness;

  let body: React.ReactNode;
  if (!view && query.isPending) body = <TableSkeleton rows={Math.min(params.pageSize, 10)} />;
  else if (!view && query.isError)
    body = (
      <ErrorPanel
        code={error?.code ?? "unexpected"}
        message={query.error.message}
        retryAfterSeconds={error?.retryAfterSeconds}
        onRetry={() => query.refetch()}
        retrying={query.isFetching}
      />
    );
  else if (view && view.total === 0 && !hasFilters(params))
    body = freshness?.partial ? <NothingReadYet failing={freshness.state === "failing"} /> : <NoMigrationsYet />;
  else if (view && view.data.length === 0 && hasFilters(params) && view.total === 0)
    body = <NoMatches onClear={clearFilters} partial={freshness?.partial} />;
  else if (view)
    body = (
      <>
        {/* Until the width is known (and on a phone until the cards' code is in), the table. */}
        {layout !== "phone" ? (
          <div>
            <MigrationsTable
              table={table}
              sort={params.sort}
              onSort={(sort) => setUrlState({ sort: sort === "-created" ? null : sort, page: null })}
              updating={query.isPlaceholderData}
              changedIds={changedIds}
            />
          </div>
        ) : null}
        {layout === "phone" ? (
          <div>
            <MigrationCards table={cardsTable} updating={query.isPlaceholderData} changedIds={changedIds} />
          </div>
        ) : null}
        <Pagination
          page={params.page}
          pageSize={params.pageSize}
          total={view.total}
          onPage={(page) => setUrlState({ page: page === 1 ? null : page })}
          onPageSize={(size) => setUrlState({ page_size: size, page: null })}
          freshness={freshness}
        />
      </>
    );

  const staleError =
    view && query.isError ? errorMessageFor(error?.code ?? "unexpected", query.error.message) : undefined;

  return (
    <RowContext.Provider value={rowContext}>
      <div className="flex flex-col gap-4">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">Migrations</h1>
          <LiveIndicator
            live={live}
            onToggle={() => setLive((value) => !value)}
            freshness={freshness}
            fetching={query.isFetching && !query.isPending}
            streaming={pushed.streaming}
          />
        </div>
        <SyncNotice freshness={freshness} />
        <StatusSummaryBar
          counts={counts}
          selected={params.statuses}
          onSelect={(status) => setFilters({ status })}
          freshness={freshness}
        />
        <div className="flex flex-wrap items-end gap-3" data-testid="filters">
          <StatusFilter
            counts={counts}
            selected={params.statuses}
            onChange={(status) => setFilters({ status })}
            freshness={freshness}
          />
          <OwnerFilterCombobox
            label="Company"
            name="company_id"
            kind="company"
            value={params.companyId ?? ""}
            valueName={view?.data.find((row) => row.companyId === params.companyId)?.companyName}
            onApply={(value) => setFilters({ company_id: value })}
          />
          <OwnerFilterCombobox
            label="Created by user"
            name="created_by_user_id"
            kind="user"
            value={params.createdByUserId ?? ""}
            valueName={view?.data.find((row) => row.createdByUserId === params.createdByUserId)?.createdByUserName}
            onApply={(value) => setFilters({ created_by_user_id: value })}
          />
          <IdFilterInput
            label="Failure reason contains"
            name="reason"
            value={params.reason ?? ""}
            onApply={(value) => setFilters({ reason: value })}
            pattern={REASON_FILTER_PATTERN}
            invalid="Up to 200 characters of text"
            wide
          />
          <CreatedRangeChip
            from={params.createdFrom}
            to={params.createdTo}
            onClear={() => setFilters({ created_from: "", created_to: "" })}
          />
          {hasFilters(params) ? (
            <button
              type="button"
              onClick={clearFilters}
              data-testid="clear-filters"
              className="h-9 rounded-md px-3 text-sm text-blue-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-300 dark:hover:bg-slate-800"
            >
              Clear filters
            </button>
          ) : null}
          <SaveViewControl />
          <div className="w-full sm:ml-auto sm:w-auto">
            <GoToMigration />
          </div>
        </div>
        {view ? (
          <div className="flex flex-wrap items-center justify-between gap-2" data-testid="list-toolbar">
            <ExportLinks params={params} total={view.total} />
            {/* The cards below 640 px have a fixed set of fields: the menu shapes the table only. */}
            <div className="hidden sm:block">
              <ColumnSettings preferences={preferences} updatePreferences={updatePreferences} />
            </div>
          </div>
        ) : null}
        {staleError ? (
          <p
            data-testid="stale-error"
            className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
          >
            {staleError.title}. Showing the last data received.
          </p>
        ) : null}
        {body}
      </div>
    </RowContext.Provider>
  );
}
