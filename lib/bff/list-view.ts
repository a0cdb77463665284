import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { withDirectoryNames } from "@/lib/directory/names";
import { createdRangeUs, type MigrationListParams } from "@/lib/migrations/list-options";
import type { MigrationListView } from "@/lib/migrations/views";
import { countMirroredByStatus, listMirroredMigrations } from "@/lib/mirror/queries";
import { readFreshness } from "@/lib/sync/freshness";

/**
 * One page of the list view, from the mirror only: indexed SQL for the rows, the counts table (or an
 * index-only count for a company or user) for the counts. No upstream request, whoever asks and
 * however often; the answer says how fresh the mirror is.
 */
export async function listMigrationView(
  db: Kysely<AppSchema>,
  params: MigrationListParams,
  nowMs = Date.now(),
): Promise<MigrationListView> {
  const owner = {
    ...(params.companyId !== undefined ? { companyId: params.companyId } : {}),
    ...(params.createdByUserId !== undefined ? { createdByUserId: params.createdByUserId } : {}),
    ...(params.reason !== undefined ? { reasonContains: params.reason } : {}),
    ...createdRangeUs(params),
  };
  const [counts, freshness] = await Promise.all([countMirroredByStatus(db, owner), readFreshness(db, nowMs)]);
  const total =
    params.statuses.length === 0
      ? Object.values(counts).reduce((sum, count) => sum + count, 0)
      : params.statuses.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
  // Rows after counts: deep pages are found from the total (see lib/mirror/deep-pages.ts).
  const rows = await listMirroredMigrations(
    db,
    { ...owner, statuses: params.statuses, page: params.page, pageSize: params.pageSize, sort: params.sort },
    total,
  );
  const data = await withDirectoryNames(db, rows);
  return {
    data,
    page: params.page,
    page_size: params.pageSize,
    total,
    // The list page hands this view to a client component, and React refuses null-prototype objects
    // there; Object.fromEntries still keeps a status named `__proto__` as a plain key.
    counts: Object.fromEntries(Object.entries(counts)),
    as_of: freshness.synced_at ?? new Date(nowMs).toISOString(),
    freshness,
  };
}
