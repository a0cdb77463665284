import "server-only";
import { type Kysely, sql } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { percentilesByGroup, toPercentileRow } from "./percentiles";

export interface StatusWait {
  status: string;
  /** How many stays in this status ended within the window. */
  count: number;
  p50Ms: number;
  p90Ms: number;
}

/**
 * How long migrations stayed in each status, over the stays that ended within the window (the
 * change out of the status was observed then). A stay counts only when both ends were observed: it
 * began with a recorded change into the status (not a first sighting, when it may already have had
 * it for long) and ended with a change to another status (not a disappearance). The longest waits
 * (by median) come first.
 *
 * Only migrations with a change in the window are windowed over, found by the observed_ms index.
 */
export async function statusWaits(
  db: Kysely<AppSchema>,
  window: { fromMs: number; toMs: number },
): Promise<StatusWait[]> {
  const stays = sql`
    select from_status as grp, observed_ms - previous_observed_ms as value
    from (
      select c.from_status, c.to_status, c.observed_ms,
        lag(c.observed_ms) over history as previous_observed_ms,
        lag(c.from_status) over history as previous_from_status,
        lag(c.to_status) over history as previous_to_status
      from mirror_status_changes c
      where c.migration_id in (
        select migration_id from mirror_status_changes where observed_ms >= ${window.fromMs} and observed_ms < ${window.toMs}
      )
      window history as (partition by c.migration_id order by c.observed_ms, c.id)
    ) as changes
    where observed_ms >= ${window.fromMs} and observed_ms < ${window.toMs}
      and from_status is not null and to_status is not null
      and previous_from_status is not null and previous_to_status = from_status`;
  const { rows } = await percentilesByGroup(stays).execute(db);
  return rows
    .map(toPercentileRow)
    .map((row) => ({ status: String(row.key), count: row.count, p50Ms: row.p50, p90Ms: row.p90 }))
    .sort((a, b) => b.p50Ms - a.p50Ms || b.p90Ms - a.p90Ms || a.status.localeCompare(b.status));
}
