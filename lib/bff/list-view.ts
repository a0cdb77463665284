import "server-only";
import type { MigrationListParams } from "@/lib/migrations/list-options";
import type { Migration } from "@/lib/migrations/migration";
import { isKnownStatus } from "@/lib/migrations/statuses";
import type { MigrationListView } from "@/lib/migrations/views";
import type { IndexSnapshot, MigrationIndex } from "./migration-index";
import type { UpstreamAccess } from "./upstream-access";

/** The snapshot's migrations that pass the company and user filters (the base for counts). */
function ownedBy(snapshot: IndexSnapshot, params: MigrationListParams): Migration[] {
  return snapshot.migrations.filter((migration) => matchesOwnerFilters(migration, params));
}

function matchesOwnerFilters(migration: Migration, params: MigrationListParams): boolean {
  return (
    (params.companyId === undefined || migration.companyId === params.companyId) &&
    (params.createdByUserId === undefined || migration.createdByUserId === params.createdByUserId)
  );
}

export function countByStatus(migrations: readonly Migration[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status } of migrations) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

const COUNTS_REFRESH_WAIT_MS = 2_000;

/** The refreshed snapshot, or undefined if the refresh fails or takes longer than `limitMs`. */
async function refreshWithin(index: MigrationIndex, limitMs: number): Promise<IndexSnapshot | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), limitMs);
  });
  try {
    return await Promise.race([index.refresh().catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function isUnfiltered(params: MigrationListParams): boolean {
  return params.statuses.length === 0 && params.companyId === undefined && params.createdByUserId === undefined;
}

/**
 * One page of the list view. Counts always come from the shared index. The rows come straight
 * from the upstream when it can answer exactly: the unfiltered first page in its own order, or
 * a newest-first filtered page from an upstream known to support the filters. Everything else
 * (filters on the documented contract, oldest-first, unknown statuses) is answered from the index.
 */
export async function listMigrationView(
  access: UpstreamAccess,
  params: MigrationListParams,
): Promise<MigrationListView> {
  const { client, index, settings } = access;
  const snapshot = await index.read();
  let owned = ownedBy(snapshot, params);

  const newestFirst = params.sort === "-created";
  const direct =
    newestFirst &&
    ((isUnfiltered(params) && params.page === 1) || (settings.supportsFilters && params.statuses.every(isKnownStatus)));
  if (direct) {
    const asOf = new Date();
    const result = await client.listMigrations({
      page: params.page,
      pageSize: params.pageSize,
      ...(isUnfiltered(params)
        ? {}
        : {
            filters: {
              ...(params.statuses.length > 0 ? { statuses: params.statuses } : {}),
              ...(params.companyId !== undefined ? { companyId: params.companyId } : {}),
              ...(params.createdByUserId !== undefined ? { createdByUserId: params.createdByUserId } : {}),
            },
          }),
    });
    const indexTotal = (counts: Record<string, number>) =>
      params.statuses.length === 0 ? owned.length : params.statuses.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
    // Fresh rows beside stale counts would contradict each other ("no migrations yet" above
    // non-zero chips). When they disagree, take a newer snapshot if a refresh has produced one,
    // or, if the index is due for a refresh anyway, wait for it briefly; past the limit the counts
    // stay as they are.
    let counts = countByStatus(owned);
    if (result.total !== undefined && result.total !== indexTotal(counts)) {
      const newer = index.current();
      const fresh =
        newer && newer !== snapshot
          ? newer
          : index.isStale()
            ? await refreshWithin(index, COUNTS_REFRESH_WAIT_MS)
            : undefined;
      if (fresh) {
        owned = ownedBy(fresh, params);
        counts = countByStatus(owned);
      }
    }
    return {
      page: params.page,
      page_size: params.pageSize,
      counts,
      data: result.migrations.slice(0, params.pageSize),
      total: result.total ?? indexTotal(counts),
      as_of: asOf.toISOString(),
      source: "upstream",
    };
  }

  const counts = countByStatus(owned);
  const page = { page: params.page, page_size: params.pageSize, counts };
  const wanted = new Set(params.statuses);
  const matching = wanted.size === 0 ? owned : owned.filter((migration) => wanted.has(migration.status));
  const ordered = newestFirst ? matching : [...matching].reverse();
  const start = (params.page - 1) * params.pageSize;
  return {
    ...page,
    data: ordered.slice(start, start + params.pageSize),
    total: matching.length,
    as_of: snapshot.asOf.toISOString(),
    source: "index",
  };
}
