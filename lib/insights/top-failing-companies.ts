import "server-only";
import { type Kysely, sql } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { FAILURE_STATUS } from "./outcomes";
import type { DayRange } from "./range";

export interface CompanyFailures {
  companyId: string;
  /** Migrations of the company created in the range, and how many of those failed. */
  total: number;
  failed: number;
}

/** The companies with the most failed migrations among those created in the range (most first, then by id). */
export async function topFailingCompanies(
  db: Kysely<AppSchema>,
  range: DayRange,
  limit = 10,
): Promise<CompanyFailures[]> {
  const { rows } = await sql<{ company_id: string; total: number | string; failed: number | string }>`
    select company_id, count(*) as total, sum(case when status = ${FAILURE_STATUS} then 1 else 0 end) as failed
    from mirror_migrations
    where created_us >= ${range.fromUs} and created_us < ${range.toUs} and company_id is not null
    group by company_id
    having sum(case when status = ${FAILURE_STATUS} then 1 else 0 end) > 0
    order by 3 desc, 1 asc
    limit ${limit}`.execute(db);
  return rows.map((row) => ({ companyId: row.company_id, total: Number(row.total), failed: Number(row.failed) }));
}
