import Link from "next/link";
import { migrationsListHref } from "@/lib/insights/list-links";
import { type DayRange, dayKey, daysOf } from "@/lib/insights/range";
import type { CompletionPercentiles } from "@/lib/insights/time-to-complete";
import { isTerminalStatus, KNOWN_STATUSES } from "@/lib/migrations/statuses";
import { formatChartValue } from "./chart-format";
import { ChartFrame, cellClass, DataTable, linkClass, numberCellClass } from "./chart-frame";
import { LineChart } from "./line-chart";

const FINAL_STATUSES = KNOWN_STATUSES.filter(isTerminalStatus);

/** Median and p90 of creation → final status, per day of creation, from the observed history. */
export function TimeToCompleteChart({
  range,
  perDay,
}: {
  range: DayRange;
  perDay: Array<CompletionPercentiles & { day: number }>;
}) {
  const byDay = new Map(perDay.map((row) => [row.day, row]));
  const finishedOf = (day: number) => migrationsListHref({ statuses: FINAL_STATUSES, fromDay: day, toDay: day });
  return (
    <ChartFrame
      id="time-to-complete"
      title="Time to complete"
      description="From creation to the first final status the dashboard saw, per day of creation: median and 90th percentile. Migrations first seen already finished are not counted (when they finished is unknown)."
      listHref={migrationsListHref({ statuses: FINAL_STATUSES, fromDay: range.firstDay, toDay: range.lastDay })}
      listLabel="Open the finished migrations"
      {...(perDay.length === 0 ? { empty: "No migration created in this range was seen finishing." } : {})}
      chart={
        <LineChart
          format="duration"
          series={[
            { key: "p50", label: "Median", color: "var(--chart-p50)" },
            { key: "p90", label: "90th percentile", color: "var(--chart-p90)" },
          ]}
          rows={daysOf(range).map((day) => ({
            label: dayKey(day).slice(5),
            values: { p50: byDay.get(day)?.p50Ms ?? null, p90: byDay.get(day)?.p90Ms ?? null },
            links: { p50: finishedOf(day), p90: finishedOf(day) },
          }))}
        />
      }
      table={
        <DataTable
          caption="Time to complete per day of creation"
          head={
            <>
              <th scope="col" className={cellClass}>
                Day (UTC)
              </th>
              <th scope="col" className={numberCellClass}>
                Seen finishing
              </th>
              <th scope="col" className={numberCellClass}>
                Median
              </th>
              <th scope="col" className={numberCellClass}>
                90th percentile
              </th>
            </>
          }
        >
          {perDay.map((row) => (
            <tr key={row.day}>
              <th scope="row" className={`${cellClass} font-normal`}>
                <Link href={finishedOf(row.day)} className={linkClass}>
                  {dayKey(row.day)}
                </Link>
              </th>
              <td className={numberCellClass}>{row.count.toLocaleString("en-US")}</td>
              <td className={numberCellClass}>{formatChartValue(row.p50Ms, "duration")}</td>
              <td className={numberCellClass}>{formatChartValue(row.p90Ms, "duration")}</td>
            </tr>
          ))}
        </DataTable>
      }
    />
  );
}
