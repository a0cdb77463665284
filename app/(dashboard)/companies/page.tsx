import type { Metadata } from "next";
import Link from "next/link";
import { formatChartValue } from "@/components/insights/chart-format";
import { linkClass } from "@/components/insights/chart-frame";
import { SortHeader } from "@/components/insights/sort-header";
import { LocalTime } from "@/components/migrations/local-time";
import { requireSession } from "@/lib/auth";
import { mirrorDatabase } from "@/lib/bff/mirror-access";
import { listCompanies } from "@/lib/insights/companies";
import { COMPANIES_PAGE_SIZE } from "@/lib/insights/company-sort";
import { loadCompaniesState, serializeCompaniesState } from "@/lib/insights/url-state";

export const metadata: Metadata = { title: "Companies" };

const pageLinkClass =
  "inline-flex h-8 items-center rounded-md border border-slate-300 px-3 text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:border-slate-600 dark:hover:bg-slate-800";

/** Every company with migrations, sortable and paged in the URL, each linking to its review page. */
export default async function CompaniesPage({ searchParams }: PageProps<"/companies">) {
  const state = loadCompaniesState(await searchParams);
  await requireSession(serializeCompaniesState("/companies", state));
  const page = Number.isSafeInteger(state.page) && state.page >= 1 ? state.page : 1;
  const { rows, total } = await listCompanies(await mirrorDatabase(), { sort: state.sort, page });
  const last = Math.max(1, Math.ceil(total / COMPANIES_PAGE_SIZE));
  const hrefFor = (patch: Partial<typeof state>) =>
    serializeCompaniesState("/companies", { ...state, ...patch, page: (patch.page ?? 1) === 1 ? null : patch.page });
  const first = total === 0 ? 0 : (page - 1) * COMPANIES_PAGE_SIZE + 1;
  const end = Math.min(page * COMPANIES_PAGE_SIZE, total);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold tracking-tight">Companies</h1>
      {total === 0 ? (
        <p
          className="rounded-md border border-slate-200 px-4 py-8 text-center dark:border-slate-800"
          data-testid="no-companies"
        >
          No company has migrations yet.
        </p>
      ) : (
        <>
          <div className="max-w-full overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
            <table className="w-full border-collapse text-sm" data-testid="companies-table">
              <caption className="sr-only">Companies with migrations</caption>
              <thead className="border-b border-slate-200 bg-slate-50 text-slate-700 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-300">
                <tr>
                  <th scope="col" className="px-3 py-2 text-left font-medium">
                    Company
                  </th>
                  <SortHeader column="migrations" current={state.sort} hrefFor={(sort) => hrefFor({ sort })}>
                    Migrations
                  </SortHeader>
                  <SortHeader column="failures" current={state.sort} hrefFor={(sort) => hrefFor({ sort })}>
                    Failures
                  </SortHeader>
                  <SortHeader column="failure_rate" current={state.sort} hrefFor={(sort) => hrefFor({ sort })}>
                    Failure rate
                  </SortHeader>
                  <SortHeader column="last_activity" current={state.sort} hrefFor={(sort) => hrefFor({ sort })}>
                    Last activity
                  </SortHeader>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {rows.map((row) => (
                  <tr key={row.companyId} data-testid="company-row" data-company-id={row.companyId}>
                    <th scope="row" className="px-3 py-2 text-left font-normal">
                      <Link
                        href={`/companies/${encodeURIComponent(row.companyId)}`}
                        className={`font-mono ${linkClass}`}
                      >
                        {row.name ?? row.companyId}
                      </Link>
                    </th>
                    <td className="px-3 py-2 text-right tabular-nums" data-testid="company-total">
                      {row.total.toLocaleString("en-US")}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums" data-testid="company-failed">
                      {row.failed.toLocaleString("en-US")}
                    </td>
                    <td className="px-3 py-2 text-right tabular-nums" data-testid="company-failure-rate">
                      {row.failureRate === undefined ? "—" : formatChartValue(row.failureRate, "percent")}
                    </td>
                    <td className="px-3 py-2 text-right" data-testid="company-last-activity">
                      {row.lastActivityMs === undefined ? (
                        "—"
                      ) : (
                        <LocalTime iso={new Date(row.lastActivityMs).toISOString()} />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 text-sm">
            <p data-testid="showing" className="text-slate-700 dark:text-slate-300">
              Showing {first.toLocaleString("en-US")}–{end.toLocaleString("en-US")} of {total.toLocaleString("en-US")}{" "}
              companies
            </p>
            <div className="flex gap-2">
              {page > 1 ? (
                <Link href={hrefFor({ page: Math.min(page - 1, last) })} className={pageLinkClass}>
                  Previous page
                </Link>
              ) : null}
              {page < last ? (
                <Link href={hrefFor({ page: page + 1 })} className={pageLinkClass} data-testid="next-page">
                  Next page
                </Link>
              ) : null}
            </div>
          </nav>
        </>
      )}
    </div>
  );
}
