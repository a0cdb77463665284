/**
 * The day ranges the insights and company pages show. Days are UTC days: the aggregates group
 * `created_us` by whole days in SQL, and the list's created_from/created_to filters name the same
 * days, so a bar and the list behind it count the same migrations wherever the viewer is.
 */
export const DAY_MS = 86_400_000;
export const DAY_US = DAY_MS * 1000;

export const INSIGHTS_RANGES = [7, 30, 90] as const;
export type InsightsRangeDays = (typeof INSIGHTS_RANGES)[number];
export const COMPANY_TREND_RANGES = [30, 90] as const;
export type CompanyTrendDays = (typeof COMPANY_TREND_RANGES)[number];

export interface DayRange {
  /** Days since the epoch (UTC) of the first and last day shown, both included. */
  firstDay: number;
  lastDay: number;
  /** The same range in created_us: from included, to excluded. */
  fromUs: number;
  toUs: number;
}

/** The last `days` UTC days, today included. */
export function lastDays(days: number, nowMs: number): DayRange {
  const lastDay = Math.floor(nowMs / DAY_MS);
  const firstDay = lastDay - days + 1;
  return { firstDay, lastDay, fromUs: firstDay * DAY_US, toUs: (lastDay + 1) * DAY_US };
}

/** Every day of the range, oldest first: days without migrations still get a (zero) point. */
export function daysOf(range: DayRange): number[] {
  return Array.from({ length: range.lastDay - range.firstDay + 1 }, (_, index) => range.firstDay + index);
}

/** "2026-11-29": how a day is named in URLs (created_from/created_to) and tables. */
export function dayKey(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
