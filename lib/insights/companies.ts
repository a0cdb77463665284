import "server-only";
import { type Kysely, sql } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { isTerminalStatus, KNOWN_STATUSES } from "@/lib/migrations/statuses";
import { companyNames } from "./company-names";
import { COMPANIES_PAGE_SIZE, type CompanySort, type CompanySortKey, sortKeyOf } from "./company-sort";
import { lastActivityMs } from "./last-activity";
import { FAILURE_STATUS } from "./outcomes";

export interface CompanyRow {
  companyId: string;
  /** The directory's name for it, when there is one (see companyNames). */
  name?: string;
  total: number;
  failed: number;
  finished: number;
  /** failed ÷ finished; undefined when none finished. */
  failureRate: number | undefined;
  lastActivityMs: number | undefined;
}

const SORT_EXPRESSIONS: Record<CompanySortKey, string> = {
  migrations: "total",
  failures: "failed",
  // Companies with nothing finished have no rate: they sort below every rate, on both engines.
  failure_rate: "coalesce(failed * 1.0 / nullif(finished, 0), -1)",
  last_activity: "coalesce(last_activity_ms, -1)",
};

/**
 * One page of the companies that have migrations, with their totals, from the per-company status
 * counts the mirror's writes keep (one row per company and status, never the migrations), and
 * each company's last activity from two index reads. Sorted in SQL, the company id breaking ties.
 */
export async function listCompanies(
  db: Kysely<AppSchema>,
  request: { sort: CompanySort; page: number; pageSize?: number },
): Promise<{ rows: CompanyRow[]; total: number }> {
  const pageSize = request.pageSize ?? COMPANIES_PAGE_SIZE;
  const { key, descending } = sortKeyOf(request.sort);
  const terminal = sql.join(KNOWN_STATUSES.filter(isTerminalStatus).map((status) => sql`${status}`));
  const totals = sql`
    select owner_id as company_id, sum(count) as total,
      sum(case when status = ${FAILURE_STATUS} then count else 0 end) as failed,
      sum(case when status in (${terminal}) then count else 0 end) as finished
    from mirror_owner_status_counts
    where owner_kind = 'company'
    group by owner_id
    having sum(count) > 0`;
  const [{ rows }, countResult] = await Promise.all([
    sql<{
      company_id: string;
      total: number | string;
      failed: number | string;
      finished: number | string;
      last_activity_ms: number | string | null;
    }>`
      select * from (
        select totals.*, ${lastActivityMs(sql.ref("totals.company_id"))} as last_activity_ms
        from (${totals}) as totals
      ) as companies
      order by ${sql.raw(SORT_EXPRESSIONS[key])} ${sql.raw(descending ? "desc" : "asc")}, company_id asc
      limit ${pageSize} offset ${(request.page - 1) * pageSize}`.execute(db),
    sql<{ n: number | string }>`select count(*) as n from (${totals}) as totals`.execute(db),
  ]);
  const names = await companyNames(
    db,
    rows.map((row) => row.company_id),
  );
  return {
    rows: rows.map((row) => {
      const failed = Number(row.failed);
      const finished = Number(row.finished);
      const name = names.get(row.company_id);
      return {
        companyId: row.company_id,
        ...(name !== undefined ? { name } : {}),
        total: Number(row.total),
        failed,
        finished,
        failureRate: finished > 0 ? failed / finished : undefined,
        lastActivityMs: row.last_activity_ms === null ? undefined : Number(row.last_activity_ms),
      };
    }),
    total: Number(countResult.rows[0]?.n ?? 0),
  };
}
