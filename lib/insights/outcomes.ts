import { isTerminalStatus } from "@/lib/migrations/statuses";

/**
 * What the insights call a failure and a success, in one place. A failure is FAILED; a success is
 * COMPLETE. Rates are over the migrations that reached a final status (COMPLETED_WITH_FAILURES and
 * LOGIN_ABANDONED count as finished, neither success nor failure), so migrations still running do
 * not make a day look better than it was.
 */
export const FAILURE_STATUS = "FAILED";
export const SUCCESS_STATUS = "COMPLETE";

export interface OutcomeTotals {
  total: number;
  finished: number;
  failed: number;
  succeeded: number;
}

export function outcomeTotals(counts: Iterable<{ status: string; count: number }>): OutcomeTotals {
  const totals: OutcomeTotals = { total: 0, finished: 0, failed: 0, succeeded: 0 };
  for (const { status, count } of counts) {
    totals.total += count;
    if (isTerminalStatus(status)) totals.finished += count;
    if (status === FAILURE_STATUS) totals.failed += count;
    if (status === SUCCESS_STATUS) totals.succeeded += count;
  }
  return totals;
}

/** A share of the finished ones, or undefined when none finished (no rate, rather than 0 %). */
export function rateOf(part: number, finished: number): number | undefined {
  return finished > 0 ? part / finished : undefined;
}
