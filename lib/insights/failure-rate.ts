import { outcomeTotals, rateOf } from "./outcomes";
import { type DayRange, daysOf } from "./range";
import type { DayStatusCount } from "./started-per-day";

export interface DayFailureRate {
  day: number;
  failed: number;
  finished: number;
  /** failed ÷ finished; undefined on a day where nothing created finished. */
  rate: number | undefined;
}

/**
 * Failure rate per day of creation, over the already grouped counts of startedPerDay (days ×
 * statuses, a few hundred rows at most): every day of the range, days without migrations included.
 */
export function failureRatePerDay(range: DayRange, counts: readonly DayStatusCount[]): DayFailureRate[] {
  const byDay = new Map<number, DayStatusCount[]>();
  for (const row of counts) byDay.set(row.day, [...(byDay.get(row.day) ?? []), row]);
  return daysOf(range).map((day) => {
    const totals = outcomeTotals(byDay.get(day) ?? []);
    return { day, failed: totals.failed, finished: totals.finished, rate: rateOf(totals.failed, totals.finished) };
  });
}
