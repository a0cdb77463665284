import Link from "next/link";
import { migrationsListHref } from "@/lib/insights/list-links";
import { type DayRange, dayKey, daysOf } from "@/lib/insights/range";
import type { DayStatusCount } from "@/lib/insights/started-per-day";
import { statusSeries } from "@/lib/insights/status-series";
import { ChartFrame, cellClass, DataTable, linkClass, numberCellClass } from "./chart-frame";
import { StackedBarChart } from "./stacked-bar-chart";

/**
 * Migrations started per day, stacked by the status each has now; each segment, and each cell of
 * the table, links to the list of exactly those migrations (optionally of one company).
 */
export function StartedChart({
  id,
  title,
  range,
  counts,
  companyId,
}: {
  id: string;
  title: string;
  range: DayRange;
  counts: DayStatusCount[];
  companyId?: string;
}) {
  const series = statusSeries(counts.map((row) => row.status));
  const owner = companyId !== undefined ? { companyId } : {};
  const byDay = new Map<number, Record<string, number>>();
  for (const row of counts) byDay.set(row.day, { ...byDay.get(row.day), [row.status]: row.count });
  const days = daysOf(range).map((day) => {
    const values = byDay.get(day) ?? {};
    return {
      day,
      values,
      total: Object.values(values).reduce((sum, count) => sum + count, 0),
      links: Object.fromEntries(
        series.map((s) => [s.key, migrationsListHref({ ...owner, statuses: [s.key], fromDay: day, toDay: day })]),
      ),
    };
  });
  const total = days.reduce((sum, day) => sum + day.total, 0);
  return (
    <ChartFrame
      id={id}
      title={title}
      description={`${total.toLocaleString("en-US")} migrations created from ${dayKey(range.firstDay)} to ${dayKey(range.lastDay)} (UTC days), by the status each has now.`}
      listHref={migrationsListHref({ ...owner, fromDay: range.firstDay, toDay: range.lastDay })}
      listLabel="Open these migrations"
      {...(total === 0 ? { empty: "No migrations were created in this range." } : {})}
      chart={
        <StackedBarChart
          rows={days.map((day) => ({ label: dayKey(day.day).slice(5), values: day.values, links: day.links }))}
          series={series}
        />
      }
      table={
        <DataTable
          caption={`${title}, per day and status`}
          head={
            <>
              <th scope="col" className={cellClass}>
                Day (UTC)
              </th>
              {series.map((s) => (
                <th key={s.key} scope="col" className={numberCellClass}>
                  {s.label}
                </th>
              ))}
              <th scope="col" className={numberCellClass}>
                All
              </th>
            </>
          }
        >
          {days.map((day) => (
            <tr key={day.day}>
              <th scope="row" className={`${cellClass} font-normal`}>
                {dayKey(day.day)}
              </th>
              {series.map((s) => {
                const count = day.values[s.key] ?? 0;
                return (
                  <td key={s.key} className={numberCellClass}>
                    {count > 0 ? (
                      <Link href={day.links[s.key] ?? "/migrations"} className={linkClass}>
                        {count.toLocaleString("en-US")}
                      </Link>
                    ) : (
                      0
                    )}
                  </td>
                );
              })}
              <td className={numberCellClass}>
                {day.total > 0 ? (
                  <Link href={migrationsListHref({ ...owner, fromDay: day.day, toDay: day.day })} className={linkClass}>
                    {day.total.toLocaleString("en-US")}
                  </Link>
                ) : (
                  0
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      }
    />
  );
}
