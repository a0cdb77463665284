import "server-only";
import { type Kysely, sql } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { isTerminalStatus, KNOWN_STATUSES } from "@/lib/migrations/statuses";
import { percentilesByGroup, toPercentileRow } from "./percentiles";
import { DAY_US, type DayRange } from "./range";

const TERMINAL_STATUSES = KNOWN_STATUSES.filter(isTerminalStatus);

export interface CompletionPercentiles {
  /** How many migrations the percentiles are over: those seen reaching a final status. */
  count: number;
  p50Ms: number;
  p90Ms: number;
}

/**
 * The time each migration took from creation to the first final status the dashboard saw it reach
 * (a recorded change from a running status, by the sync, a read or a webhook). Migrations first seen
 * already finished are left out: when they finished is unknown. The end is when the change was
 * observed, so it is late by at most a sync interval.
 */
function completionTimes(range: DayRange | undefined, companyId: string | undefined, byDay: boolean) {
  const terminal = sql.join(TERMINAL_STATUSES.map((status) => sql`${status}`));
  const created = range ? sql`and m.created_us >= ${range.fromUs} and m.created_us < ${range.toUs}` : sql``;
  const company = companyId === undefined ? sql`` : sql`and m.company_id = ${companyId}`;
  const grp = byDay ? sql`m.created_us / ${sql.lit(DAY_US)}` : sql`0`;
  return sql`
    select ${grp} as grp, min(c.observed_ms) - m.created_us / 1000 as value
    from mirror_migrations m
    join mirror_status_changes c on c.migration_id = m.id
    where c.from_status is not null and c.to_status in (${terminal}) ${created} ${company}
    group by m.id, m.created_us`;
}

/** Median and p90 of the time to complete per day of creation (days where none completed are absent). */
export async function timeToCompletePerDay(
  db: Kysely<AppSchema>,
  range: DayRange,
): Promise<Array<CompletionPercentiles & { day: number }>> {
  const { rows } = await percentilesByGroup(completionTimes(range, undefined, true)).execute(db);
  return rows
    .map(toPercentileRow)
    .map((row) => ({ day: Number(row.key), count: row.count, p50Ms: row.p50, p90Ms: row.p90 }))
    .sort((a, b) => a.day - b.day);
}

/** Median and p90 of the time to complete over all of one company's migrations; undefined when none was seen completing. */
export async function companyTimeToComplete(
  db: Kysely<AppSchema>,
  companyId: string,
): Promise<CompletionPercentiles | undefined> {
  const { rows } = await percentilesByGroup(completionTimes(undefined, companyId, false)).execute(db);
  const row = rows[0];
  if (!row) return undefined;
  const { count, p50, p90 } = toPercentileRow(row);
  return { count, p50Ms: p50, p90Ms: p90 };
}
