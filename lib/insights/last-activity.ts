import "server-only";
import { sql } from "kysely";

/**
 * A company's last activity: the latest of its newest migration's creation and its latest status
 * change observed, in epoch ms. Two index reads per company (company_id with created_us, and with
 * status_since_ms: schema step 0008), not a scan of its migrations. `company` is the SQL expression
 * naming the company in the surrounding query.
 */
export function lastActivityMs(company: ReturnType<typeof sql.ref>) {
  return sql<number | string | null>`(
    select max(latest) from (
      select max(created_us) / 1000 as latest from mirror_migrations where company_id = ${company}
      union all
      select max(status_since_ms) as latest from mirror_migrations where company_id = ${company}
    ) as activity
  )`;
}
