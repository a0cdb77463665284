import Link from "next/link";
import { migrationsListHref } from "@/lib/insights/list-links";
import { FAILURE_STATUS } from "@/lib/insights/outcomes";
import type { DayRange } from "@/lib/insights/range";
import type { CompanyFailures } from "@/lib/insights/top-failing-companies";
import { formatChartValue } from "./chart-format";
import { ChartFrame, cellClass, DataTable, linkClass, numberCellClass } from "./chart-frame";
import { StackedBarChart } from "./stacked-bar-chart";

/** The companies with the most failed migrations created in the range; each bar links to those failures. */
export function TopCompaniesChart({
  range,
  companies,
}: {
  range: DayRange;
  companies: Array<CompanyFailures & { name?: string }>;
}) {
  const failedOf = (companyId: string) =>
    migrationsListHref({ statuses: [FAILURE_STATUS], companyId, fromDay: range.firstDay, toDay: range.lastDay });
  return (
    <ChartFrame
      id="top-companies"
      title="Top companies by failures"
      description="The companies with the most failed migrations among those created in this range."
      listHref={migrationsListHref({ statuses: [FAILURE_STATUS], fromDay: range.firstDay, toDay: range.lastDay })}
      listLabel="Open all failed migrations"
      {...(companies.length === 0 ? { empty: "No migration created in this range failed." } : {})}
      chart={
        <StackedBarChart
          vertical
          height={Math.max(160, 32 * companies.length + 60)}
          series={[{ key: "failed", label: "Failed", color: "var(--chart-failed)" }]}
          rows={companies.map((company) => ({
            label: company.name ?? company.companyId,
            values: { failed: company.failed },
            links: { failed: failedOf(company.companyId) },
          }))}
        />
      }
      table={
        <DataTable
          caption="Top companies by failures"
          head={
            <>
              <th scope="col" className={cellClass}>
                Company
              </th>
              <th scope="col" className={numberCellClass}>
                Failed
              </th>
              <th scope="col" className={numberCellClass}>
                Created
              </th>
              <th scope="col" className={numberCellClass}>
                Failed share
              </th>
            </>
          }
        >
          {companies.map((company) => (
            <tr key={company.companyId}>
              <th scope="row" className={`${cellClass} font-normal`}>
                <Link href={`/companies/${encodeURIComponent(company.companyId)}`} className={linkClass}>
                  {company.name ?? company.companyId}
                </Link>
              </th>
              <td className={numberCellClass}>
                <Link href={failedOf(company.companyId)} className={linkClass}>
                  {company.failed.toLocaleString("en-US")}
                </Link>
              </td>
              <td className={numberCellClass}>{company.total.toLocaleString("en-US")}</td>
              <td className={numberCellClass}>{formatChartValue(company.failed / company.total, "percent")}</td>
            </tr>
          ))}
        </DataTable>
      }
    />
  );
}
