import "server-only";
import { type Kysely, sql } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { createdRangeUs } from "@/lib/migrations/list-options";
import { filteredMirror, listGroups, type MirrorFilters } from "@/lib/mirror/queries";
import type { ExportRow } from "./encode";
import type { ExportFilters } from "./export-params";
import type { ExportBatch, ExportCursor } from "./export-stream";

/**
 * The export's walk through the view: the filters of each group in list order (one group, the whole
 * view, for the created sorts), and the created order within a group. The grouped sorts' groups are
 * the list's own (listGroups), found once before the first batch: a few counts, not a sort of rows.
 */
export interface ExportPlan {
  groups: MirrorFilters[];
  newestFirst: boolean;
}

/** The list's filters as the mirror reads them: the same mapping as the list view's, created range included. */
function mirrorFilters(filters: ExportFilters): MirrorFilters {
  return {
    statuses: filters.statuses,
    ...(filters.companyId !== undefined ? { companyId: filters.companyId } : {}),
    ...(filters.createdByUserId !== undefined ? { createdByUserId: filters.createdByUserId } : {}),
    ...(filters.reason !== undefined ? { reasonContains: filters.reason } : {}),
    ...createdRangeUs(filters),
  };
}

export async function planExport(db: Kysely<AppSchema>, filters: ExportFilters): Promise<ExportPlan> {
  const view = mirrorFilters(filters);
  if (filters.sort === "created" || filters.sort === "-created") {
    return { groups: [view], newestFirst: filters.sort === "-created" };
  }
  const groups = await listGroups(db, view, filters.sort);
  // Empty groups are skipped, as the list's pages skip them.
  return {
    groups: groups.filter((group) => group.count > 0).map((group) => ({ ...view, ...group.key })),
    newestFirst: true,
  };
}

/**
 * Up to `limit` rows of one group after `after`, in created order: a keyset read, so batch 1,000
 * costs what batch 1 does (an index range from the cursor, never an OFFSET), and rows created or
 * changed meanwhile neither repeat nor shift the rest.
 *
 * The page of rows is read first and the directory's names joined onto it after: the mirror's
 * filters name their columns unqualified (a `company_id` of both tables would be ambiguous), and the
 * joins then cost `limit` primary-key lookups, whatever the directory's size.
 */
async function readGroupRows(
  db: Kysely<AppSchema>,
  filters: MirrorFilters,
  newestFirst: boolean,
  after: ExportCursor | undefined,
  limit: number,
): Promise<ExportRow[]> {
  const direction = newestFirst ? "desc" : "asc";
  let page = filteredMirror(db, filters).select([
    "id",
    "status",
    "company_id",
    "created_by_user_id",
    "created_us",
    "error_message",
  ]);
  if (after) {
    page = newestFirst
      ? page.where(sql<boolean>`(created_us, id) < (${after.createdUs}, ${after.id})`)
      : page.where(sql<boolean>`(created_us, id) > (${after.createdUs}, ${after.id})`);
  }
  const rows = await db
    .selectFrom(page.orderBy("created_us", direction).orderBy("id", direction).limit(limit).as("page"))
    .leftJoin("directory_companies as companies", "companies.company_id", "page.company_id")
    .leftJoin("directory_users as users", "users.user_id", "page.created_by_user_id")
    .select([
      "page.id",
      "page.status",
      "page.company_id",
      "companies.name as company_name",
      "page.created_by_user_id",
      "users.name as created_by_user_name",
      "page.created_us",
      "page.error_message",
    ])
    // A derived table's order does not survive a join: the (at most `limit`) rows are put back in it.
    .orderBy("page.created_us", direction)
    .orderBy("page.id", direction)
    .execute();
  return rows.map((row) => ({ ...row, created_us: Number(row.created_us) }));
}

/**
 * One batch of the export in list order after `cursor`: the rest of the cursor's group, then the
 * groups after it, until `limit` rows. The batch is full unless the view ends in it, so a group
 * boundary costs one more query, not one more chunk.
 */
export async function readExportBatch(
  db: Kysely<AppSchema>,
  plan: ExportPlan,
  cursor: ExportCursor | undefined,
  limit: number,
): Promise<ExportBatch> {
  const rows: ExportRow[] = [];
  let after = cursor;
  for (let group = cursor?.group ?? 0; group < plan.groups.length; group++) {
    const filters = plan.groups[group] as MirrorFilters;
    const read = await readGroupRows(db, filters, plan.newestFirst, after, limit - rows.length);
    rows.push(...read);
    const last = read.at(-1);
    if (last && rows.length >= limit) return { rows, next: { group, createdUs: last.created_us, id: last.id } };
    after = undefined;
  }
  return { rows };
}
