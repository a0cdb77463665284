import "server-only";
import { type Kysely, sql } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { filteredMirror } from "@/lib/mirror/queries";
import type { ExportRow } from "./encode";
import type { ExportFilters } from "./export-params";
import type { ExportCursor } from "./export-stream";

/**
 * One batch of the export, in list order, after `cursor`: a keyset read, so batch 1,000 costs what
 * batch 1 does (an index range from the cursor, never an OFFSET), and rows created or changed
 * meanwhile neither repeat nor shift the rest.
 *
 * The one row query of the export: names from the directory join here — e.g. `.leftJoin(
 * "directory_companies", …)` selecting `company_name`, and `directory_users` for
 * `created_by_user_name` — then ExportRow and EXPORT_COLUMNS (encode.ts) each get the two fields.
 */
export async function readExportBatch(
  db: Kysely<AppSchema>,
  filters: ExportFilters,
  cursor: ExportCursor | undefined,
  limit: number,
): Promise<ExportRow[]> {
  const newestFirst = filters.sort === "-created";
  const direction = newestFirst ? "desc" : "asc";
  let query = filteredMirror(db, {
    statuses: filters.statuses,
    ...(filters.companyId !== undefined ? { companyId: filters.companyId } : {}),
    ...(filters.createdByUserId !== undefined ? { createdByUserId: filters.createdByUserId } : {}),
    ...(filters.reason !== undefined ? { reasonContains: filters.reason } : {}),
  }).select(["id", "status", "company_id", "created_by_user_id", "created_us", "error_message"]);
  if (cursor) {
    query = newestFirst
      ? query.where(sql<boolean>`(created_us, id) < (${cursor.createdUs}, ${cursor.id})`)
      : query.where(sql<boolean>`(created_us, id) > (${cursor.createdUs}, ${cursor.id})`);
  }
  const rows = await query.orderBy("created_us", direction).orderBy("id", direction).limit(limit).execute();
  return rows.map((row) => ({ ...row, created_us: Number(row.created_us) }));
}
