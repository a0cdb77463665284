import type { Metadata } from "next";
import { FailureRateChart } from "@/components/insights/failure-rate-chart";
import { RangeSwitch } from "@/components/insights/range-switch";
import { StartedChart } from "@/components/insights/started-chart";
import { StatusWaitsChart } from "@/components/insights/status-waits-chart";
import { TimeToCompleteChart } from "@/components/insights/time-to-complete-chart";
import { TopCompaniesChart } from "@/components/insights/top-companies-chart";
import { LocalTime } from "@/components/migrations/local-time";
import { requireSession } from "@/lib/auth";
import { mirrorDatabase } from "@/lib/bff/mirror-access";
import { cachedInsightsView } from "@/lib/insights/insights-view";
import { INSIGHTS_RANGES } from "@/lib/insights/range";
import { loadInsightsState, serializeInsightsState } from "@/lib/insights/url-state";

export const metadata: Metadata = { title: "Insights" };

/** Trends over the mirror: grouped SQL on the server, charts in the browser, each with its table and its list. */
export default async function InsightsPage({ searchParams }: PageProps<"/insights">) {
  const state = loadInsightsState(await searchParams);
  await requireSession(serializeInsightsState("/insights", state));
  const view = await cachedInsightsView(await mirrorDatabase(), state.range, Date.now());
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">Insights</h1>
        <RangeSwitch
          ranges={INSIGHTS_RANGES}
          current={state.range}
          hrefFor={(days) => serializeInsightsState("/insights", { range: days === 30 ? null : days })}
        />
      </div>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        The last {view.days} days, in UTC days. Every number links to the migrations behind it. Computed{" "}
        <LocalTime iso={new Date(view.computedMs).toISOString()} /> (figures are reused for up to a minute).
      </p>
      <StartedChart id="started" title="Migrations started per day" range={view.range} counts={view.started} />
      <div className="grid gap-6 lg:grid-cols-2">
        <FailureRateChart range={view.range} rates={view.failureRate} />
        <TimeToCompleteChart range={view.range} perDay={view.timeToComplete} />
        <StatusWaitsChart waits={view.waits} />
        <TopCompaniesChart range={view.range} companies={view.topCompanies} />
      </div>
    </div>
  );
}
