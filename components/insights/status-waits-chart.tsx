import Link from "next/link";
import { migrationsListHref } from "@/lib/insights/list-links";
import type { StatusWait } from "@/lib/insights/status-waits";
import { statusInfo } from "@/lib/migrations/status-catalogue";
import { formatChartValue } from "./chart-format";
import { ChartFrame, cellClass, DataTable, linkClass, numberCellClass } from "./chart-frame";
import { StackedBarChart } from "./stacked-bar-chart";

/**
 * Where time goes: how long migrations stayed in each status (stays that ended in the range, both
 * ends observed), longest median first. Each status links to the migrations in it now.
 */
export function StatusWaitsChart({ waits }: { waits: StatusWait[] }) {
  const nowIn = (status: string) => migrationsListHref({ statuses: [status] });
  const longest = waits[0];
  return (
    <ChartFrame
      id="status-waits"
      title="Where migrations wait longest"
      description="How long migrations stayed in each status, over the stays that ended in this range and whose start the dashboard saw: median and 90th percentile."
      listHref={longest ? nowIn(longest.status) : "/migrations"}
      listLabel={longest ? `Open the migrations in ${statusInfo(longest.status).label} now` : "Open the migrations"}
      {...(waits.length === 0 ? { empty: "No status change with a seen start ended in this range." } : {})}
      chart={
        <StackedBarChart
          vertical
          stacked={false}
          format="duration"
          height={Math.max(160, 48 * waits.length + 60)}
          series={[
            { key: "p50", label: "Median", color: "var(--chart-p50)" },
            { key: "p90", label: "90th percentile", color: "var(--chart-p90)" },
          ]}
          rows={waits.map((wait) => ({
            label: statusInfo(wait.status).label,
            values: { p50: wait.p50Ms, p90: wait.p90Ms },
            links: { p50: nowIn(wait.status), p90: nowIn(wait.status) },
          }))}
        />
      }
      table={
        <DataTable
          caption="Time spent per status"
          head={
            <>
              <th scope="col" className={cellClass}>
                Status
              </th>
              <th scope="col" className={numberCellClass}>
                Stays
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
          {waits.map((wait) => (
            <tr key={wait.status}>
              <th scope="row" className={`${cellClass} font-normal`}>
                <Link href={nowIn(wait.status)} className={linkClass}>
                  {statusInfo(wait.status).label}
                </Link>
              </th>
              <td className={numberCellClass}>{wait.count.toLocaleString("en-US")}</td>
              <td className={numberCellClass}>{formatChartValue(wait.p50Ms, "duration")}</td>
              <td className={numberCellClass}>{formatChartValue(wait.p90Ms, "duration")}</td>
            </tr>
          ))}
        </DataTable>
      }
    />
  );
}
