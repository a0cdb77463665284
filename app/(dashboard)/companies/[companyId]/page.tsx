import type { Metadata } from "next";
import Link from "next/link";
import { AttentionList, waitedFor } from "@/components/insights/attention-list";
import { formatChartValue } from "@/components/insights/chart-format";
import { linkClass } from "@/components/insights/chart-frame";
import { CopyPageLink } from "@/components/insights/copy-page-link";
import { RangeSwitch } from "@/components/insights/range-switch";
import { StartedChart } from "@/components/insights/started-chart";
import { LocalTime } from "@/components/migrations/local-time";
import { StatusBadge } from "@/components/migrations/status-badge";
import { requireSession } from "@/lib/auth";
import { mirrorDatabase } from "@/lib/bff/mirror-access";
import { companyReview } from "@/lib/insights/company-review";
import { migrationsListHref } from "@/lib/insights/list-links";
import { FAILURE_STATUS } from "@/lib/insights/outcomes";
import { COMPANY_TREND_RANGES, lastDays } from "@/lib/insights/range";
import { startedPerDay } from "@/lib/insights/started-per-day";
import { loadCompanyState, serializeCompanyState } from "@/lib/insights/url-state";
import { formatDuration } from "@/lib/migrations/format-time";
import { ID_FILTER_PATTERN } from "@/lib/migrations/list-options";
import { STATUS_ORDER, stuckHint, stuckText } from "@/lib/migrations/status-catalogue";
import { isKnownStatus } from "@/lib/migrations/statuses";

export async function generateMetadata({ params }: PageProps<"/companies/[companyId]">): Promise<Metadata> {
  return { title: `Company ${(await params).companyId}` };
}

function Stat({ label, value, testId }: { label: string; value: React.ReactNode; testId: string }) {
  return (
    <div className="flex min-w-0 flex-col gap-1 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <dt className="text-xs text-slate-700 dark:text-slate-300">{label}</dt>
      <dd className="text-lg font-semibold break-words tabular-nums [&_time]:whitespace-normal" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** One company before a call: how its migrations went, what needs attention now, and the trend. */
export default async function CompanyPage({ params, searchParams }: PageProps<"/companies/[companyId]">) {
  const { companyId } = await params;
  const state = loadCompanyState(await searchParams);
  const path = `/companies/${encodeURIComponent(companyId)}`;
  await requireSession(serializeCompanyState(path, state));
  const db = await mirrorDatabase();
  const nowMs = Date.now();
  const review = ID_FILTER_PATTERN.test(companyId) ? await companyReview(db, companyId, nowMs) : undefined;

  if (!review) {
    return (
      <div className="flex flex-col gap-4" data-testid="company-unknown">
        <h1 className="text-2xl font-semibold tracking-tight break-all">Company {companyId}</h1>
        <p className="rounded-md border border-slate-200 px-4 py-8 text-center dark:border-slate-800">
          No migrations for this company. The id may be mistyped, or its migrations have not been read yet.
        </p>
        <Link href="/companies" className={linkClass}>
          All companies
        </Link>
      </div>
    );
  }

  const range = lastDays(state.range, nowMs);
  const trend = await startedPerDay(db, range, { companyId });
  const statuses = [
    ...STATUS_ORDER.filter((status) => review.counts[status]),
    ...Object.keys(review.counts).filter((status) => !isKnownStatus(status)),
  ];
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="flex min-w-0 flex-col gap-1">
          <p className="text-sm text-slate-700 dark:text-slate-300">
            <Link href="/companies" className={linkClass}>
              Companies
            </Link>
          </p>
          <h1 className="text-2xl font-semibold tracking-tight break-all" data-testid="company-heading">
            {review.name ?? <span className="font-mono">{companyId}</span>}
          </h1>
          {review.name ? <p className="font-mono text-sm">{companyId}</p> : null}
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <CopyPageLink path={serializeCompanyState(path, state)} label="Copy a link to this page" />
          <Link
            href={migrationsListHref({ companyId })}
            className={`text-sm ${linkClass}`}
            data-testid="all-migrations"
          >
            All migrations of this company
          </Link>
        </div>
      </div>

      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        <Stat label="Migrations" value={review.total.toLocaleString("en-US")} testId="stat-total" />
        <Stat
          label="Success rate (of finished)"
          value={review.successRate === undefined ? "—" : formatChartValue(review.successRate, "percent")}
          testId="stat-success-rate"
        />
        <Stat
          label="Median time to complete"
          value={
            review.timeToComplete ? (
              <span
                title={`90th percentile ${formatDuration(review.timeToComplete.p90Ms)}, over ${review.timeToComplete.count} seen finishing`}
              >
                {formatDuration(review.timeToComplete.p50Ms)}
              </span>
            ) : (
              "—"
            )
          }
          testId="stat-time-to-complete"
        />
        <Stat
          label="Last activity"
          value={
            review.lastActivityMs === undefined ? (
              "—"
            ) : (
              <LocalTime iso={new Date(review.lastActivityMs).toISOString()} />
            )
          }
          testId="stat-last-activity"
        />
      </dl>

      <section aria-labelledby="counts-heading" className="flex flex-col gap-2">
        <h2 id="counts-heading" className="text-lg font-semibold">
          By status
        </h2>
        <ul className="flex flex-wrap gap-2" data-testid="status-counts">
          {statuses.map((status) => (
            <li key={status}>
              <Link
                href={migrationsListHref({ companyId, statuses: [status] })}
                className="inline-flex items-center gap-2 rounded-md border border-slate-200 px-2 py-1 text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-slate-700 dark:hover:bg-slate-800"
                data-testid="status-count"
                data-status={status}
              >
                <StatusBadge status={status} />
                <span className="tabular-nums">{(review.counts[status] ?? 0).toLocaleString("en-US")}</span>
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="attention-heading" className="flex flex-col gap-3">
        <h2 id="attention-heading" className="text-lg font-semibold">
          Needs attention now
        </h2>
        <div className="grid gap-6 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-3 dark:border-slate-800 dark:bg-slate-900">
          <AttentionList
            id="failed"
            title="Failed"
            list={review.failed}
            listHref={migrationsListHref({ companyId, statuses: [FAILURE_STATUS] })}
            detail={(m) => (m.errorMessage ? `Reason: ${m.errorMessage}` : "No reason reported")}
            empty="No failed migrations."
          />
          <AttentionList
            id="waiting"
            title="Waiting on the user"
            list={review.waiting}
            listHref={migrationsListHref({ companyId, statuses: ["PENDING_USER_INPUT"] })}
            detail={(m) => waitedFor(m, nowMs)}
            empty="No migration is waiting on its user."
          />
          <AttentionList
            id="stuck"
            title="May be stuck"
            list={review.mayBeStuck}
            listHref={migrationsListHref({
              companyId,
              statuses: [...new Set(review.mayBeStuck.migrations.map((m) => m.status))],
            })}
            detail={(m) => {
              const hint = stuckHint(m.status, m.createdMs, m.statusSinceMs, nowMs);
              return hint ? `Running far longer than usual: ${stuckText(m.status, hint)}` : "";
            }}
            empty="Nothing is running far longer than usual."
          />
        </div>
      </section>

      <div className="flex flex-col gap-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 className="text-lg font-semibold">Trend</h2>
          <RangeSwitch
            ranges={COMPANY_TREND_RANGES}
            current={state.range}
            hrefFor={(days) => serializeCompanyState(path, { range: days === 30 ? null : days })}
          />
        </div>
        <StartedChart
          id="company-trend"
          title={`Migrations started per day, last ${state.range} days`}
          range={range}
          counts={trend}
          companyId={companyId}
        />
      </div>
    </div>
  );
}
