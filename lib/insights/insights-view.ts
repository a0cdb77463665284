import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { companyNames } from "./company-names";
import { type DayFailureRate, failureRatePerDay } from "./failure-rate";
import { type DayRange, lastDays } from "./range";
import { type DayStatusCount, startedPerDay } from "./started-per-day";
import { type StatusWait, statusWaits } from "./status-waits";
import { type CompletionPercentiles, timeToCompletePerDay } from "./time-to-complete";
import { type CompanyFailures, topFailingCompanies } from "./top-failing-companies";

export interface InsightsView {
  days: number;
  /** When these figures were computed (they are kept for up to a minute: see cachedInsightsView). */
  computedMs: number;
  range: DayRange;
  started: DayStatusCount[];
  failureRate: DayFailureRate[];
  timeToComplete: Array<CompletionPercentiles & { day: number }>;
  waits: StatusWait[];
  topCompanies: Array<CompanyFailures & { name?: string }>;
}

/** Everything the insights page shows for the last `days` UTC days: a handful of grouped reads, no rows. */
export async function insightsView(db: Kysely<AppSchema>, days: number, nowMs: number): Promise<InsightsView> {
  const range = lastDays(days, nowMs);
  const [started, timeToComplete, waits, top] = await Promise.all([
    startedPerDay(db, range),
    timeToCompletePerDay(db, range),
    // Stays that ended within the same days, by when they were observed to end.
    statusWaits(db, { fromMs: range.fromUs / 1000, toMs: range.toUs / 1000 }),
    topFailingCompanies(db, range),
  ]);
  const names = await companyNames(
    db,
    top.map((company) => company.companyId),
  );
  return {
    days,
    computedMs: nowMs,
    range,
    started,
    failureRate: failureRatePerDay(range, started),
    timeToComplete,
    waits,
    topCompanies: top.map((company) => {
      const name = names.get(company.companyId);
      return name !== undefined ? { ...company, name } : company;
    }),
  };
}

/** Trends move slowly, and the 90-day reads take seconds at a million migrations: a minute's reuse per range. */
const REUSE_MS = 60_000;
const recent = new Map<number, Promise<InsightsView>>();

/**
 * The insights for the page: computed at most once a minute per range in this process, however many
 * people open it (concurrent requests share one computation). A failed computation is not kept.
 */
export function cachedInsightsView(db: Kysely<AppSchema>, days: number, nowMs: number): Promise<InsightsView> {
  const cached = recent.get(days);
  if (cached) return cached;
  const computing = insightsView(db, days, nowMs);
  recent.set(days, computing);
  const forget = () => {
    if (recent.get(days) === computing) recent.delete(days);
  };
  computing.then(() => setTimeout(forget, REUSE_MS).unref(), forget);
  return computing;
}
