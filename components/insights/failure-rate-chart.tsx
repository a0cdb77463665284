import Link from "next/link";
import type { DayFailureRate } from "@/lib/insights/failure-rate";
import { migrationsListHref } from "@/lib/insights/list-links";
import { FAILURE_STATUS } from "@/lib/insights/outcomes";
import { type DayRange, dayKey } from "@/lib/insights/range";
import { formatChartValue } from "./chart-format";
import { ChartFrame, cellClass, DataTable, linkClass, numberCellClass } from "./chart-frame";
import { LineChart } from "./line-chart";

/** The share of each day's finished migrations that failed; a point links to that day's failed ones. */
export function FailureRateChart({ range, rates }: { range: DayRange; rates: DayFailureRate[] }) {
  const failedOf = (day: number) => migrationsListHref({ statuses: [FAILURE_STATUS], fromDay: day, toDay: day });
  const failed = rates.reduce((sum, day) => sum + day.failed, 0);
  const finished = rates.reduce((sum, day) => sum + day.finished, 0);
  return (
    <ChartFrame
      id="failure-rate"
      title="Failure rate"
      description={`Of the migrations created each day that reached a final status, the share that failed${
        finished > 0
          ? ` (${formatChartValue(failed / finished, "percent")} over the range: ${failed.toLocaleString("en-US")} of ${finished.toLocaleString("en-US")})`
          : ""
      }.`}
      listHref={migrationsListHref({ statuses: [FAILURE_STATUS], fromDay: range.firstDay, toDay: range.lastDay })}
      listLabel="Open the failed migrations"
      {...(finished === 0 ? { empty: "No migration created in this range has finished yet." } : {})}
      chart={
        <LineChart
          format="percent"
          series={[{ key: "rate", label: "Failure rate", color: "var(--chart-failed)" }]}
          rows={rates.map((day) => ({
            label: dayKey(day.day).slice(5),
            values: { rate: day.rate ?? null },
            links: { rate: failedOf(day.day) },
          }))}
        />
      }
      table={
        <DataTable
          caption="Failure rate per day"
          head={
            <>
              <th scope="col" className={cellClass}>
                Day (UTC)
              </th>
              <th scope="col" className={numberCellClass}>
                Failed
              </th>
              <th scope="col" className={numberCellClass}>
                Finished
              </th>
              <th scope="col" className={numberCellClass}>
                Failure rate
              </th>
            </>
          }
        >
          {rates.map((day) => (
            <tr key={day.day}>
              <th scope="row" className={`${cellClass} font-normal`}>
                {dayKey(day.day)}
              </th>
              <td className={numberCellClass}>
                {day.failed > 0 ? (
                  <Link href={failedOf(day.day)} className={linkClass}>
                    {day.failed.toLocaleString("en-US")}
                  </Link>
                ) : (
                  0
                )}
              </td>
              <td className={numberCellClass}>{day.finished.toLocaleString("en-US")}</td>
              <td className={numberCellClass}>
                {day.rate === undefined ? "—" : formatChartValue(day.rate, "percent")}
              </td>
            </tr>
          ))}
        </DataTable>
      }
    />
  );
}
