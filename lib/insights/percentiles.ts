import "server-only";
import { type RawBuilder, sql } from "kysely";

export interface PercentileRow {
  /** The group's key (a day, a status…), as the grouped query returned it. */
  key: string | number;
  count: number;
  p50: number;
  p90: number;
}

/**
 * Median and 90th percentile per group, in SQL on both engines (SQLite has no percentile_cont):
 * nearest rank, the smallest value with at least p·n values at or below it, picked with
 * row_number() over each group. `values` must select `grp` and `value` (no nulls). Only one row per
 * group leaves the database.
 */
export function percentilesByGroup(values: RawBuilder<unknown>): RawBuilder<{
  grp: string | number;
  n: number | string;
  p50: number | string;
  p90: number | string;
}> {
  // ceil(p·n) in integer arithmetic, the same on both engines: (a·n + b − 1) / b.
  return sql`
    select grp, max(n) as n,
      max(case when rn = (n + 1) / 2 then value end) as p50,
      max(case when rn = (9 * n + 9) / 10 then value end) as p90
    from (
      select grp, value,
        row_number() over (partition by grp order by value) as rn,
        count(*) over (partition by grp) as n
      from (${values}) as grouped_values
    ) as ranked
    group by grp`;
}

export function toPercentileRow(row: {
  grp: string | number;
  n: number | string;
  p50: number | string;
  p90: number | string;
}): PercentileRow {
  return { key: row.grp, count: Number(row.n), p50: Number(row.p50), p90: Number(row.p90) };
}
