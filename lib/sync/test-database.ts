/**
 * The one place the sync and BFF tests open their app database, and read the mirror back for
 * comparison with an oracle. Tests only; never import this from production code.
 */
import type { AppDatabase } from "@/lib/db/connection";
import { testAppDatabase } from "./testing";

/** Which engine the tests run on; a PostgreSQL run needs only this to change (and a clean database per call). */
export const TEST_DATABASE_ENGINE: "sqlite" | "postgres" = "sqlite";

export function openTestDatabase(): Promise<AppDatabase> {
  return testAppDatabase(TEST_DATABASE_ENGINE);
}

export interface MirroredRow {
  id: string;
  createdUs: number;
  status: string;
  createdByUserId: string;
  companyId: string | null;
}

/** Every mirrored row in list order (newest first, id descending on ties). */
export async function mirroredRows(app: AppDatabase): Promise<MirroredRow[]> {
  const rows = await app.db
    .selectFrom("mirror_migrations")
    .select(["id", "created_us", "status", "created_by_user_id", "company_id"])
    .orderBy("created_us", "desc")
    .orderBy("id", "desc")
    .execute();
  return rows.map((row) => ({
    id: row.id,
    createdUs: Number(row.created_us),
    status: row.status,
    createdByUserId: row.created_by_user_id,
    companyId: row.company_id,
  }));
}

/** Status counts as the counts table keeps them (zero rows left out). */
export async function mirroredCounts(app: AppDatabase): Promise<Record<string, number>> {
  const rows = await app.db.selectFrom("mirror_status_counts").select(["status", "count"]).execute();
  const counts: Record<string, number> = Object.create(null);
  for (const row of rows) if (Number(row.count) !== 0) counts[row.status] = Number(row.count);
  return counts;
}

/** Status counts computed from the rows themselves: what the counts table must agree with. */
export function countsOf(rows: ReadonlyArray<{ status: string }>): Record<string, number> {
  // Null prototype: a status named `__proto__` must stay a plain key here too.
  const counts: Record<string, number> = Object.create(null);
  for (const row of rows) counts[row.status] = (counts[row.status] ?? 0) + 1;
  return counts;
}
