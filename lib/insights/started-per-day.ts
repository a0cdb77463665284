import "server-only";
import { type Kysely, sql } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { DAY_US, type DayRange } from "./range";

/** How many migrations created on one UTC day have each status now. */
export interface DayStatusCount {
  day: number;
  status: string;
  count: number;
}

/**
 * Migrations started (created) per day by their status now, for the range, optionally of one
 * company. One GROUP BY over the created range: days × statuses rows leave the database, never
 * the migrations themselves.
 */
export async function startedPerDay(
  db: Kysely<AppSchema>,
  range: DayRange,
  filter: { companyId?: string } = {},
): Promise<DayStatusCount[]> {
  const company = filter.companyId === undefined ? sql`` : sql`and company_id = ${filter.companyId}`;
  const { rows } = await sql<{ day: number | string; status: string; n: number | string }>`
    select created_us / ${sql.lit(DAY_US)} as day, status, count(*) as n
    from mirror_migrations
    where created_us >= ${range.fromUs} and created_us < ${range.toUs} ${company}
    group by 1, 2`.execute(db);
  // Sorted here, not in SQL: the engines' collations order text differently.
  return rows
    .map((row) => ({ day: Number(row.day), status: row.status, count: Number(row.n) }))
    .sort((a, b) => a.day - b.day || (a.status < b.status ? -1 : a.status > b.status ? 1 : 0));
}
