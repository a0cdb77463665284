import { isTerminalStatus } from "./statuses";

/**
 * How far along its life a status is: 0 not yet started (NOT_STARTED, NOT_READY), 1 running
 * (WORKING, PENDING_USER_INPUT, and any status this app does not know, which counts as running
 * everywhere), 2 final (COMPLETE, FAILED, COMPLETED_WITH_FAILURES, LOGIN_ABANDONED). A migration
 * only ever moves up, or back and forth within rank 1 (WORKING ⇄ PENDING_USER_INPUT).
 */
export type StatusRank = 0 | 1 | 2;

const NOT_STARTED: ReadonlySet<string> = new Set(["NOT_STARTED", "NOT_READY"]);

export function statusRank(status: string): StatusRank {
  if (isTerminalStatus(status)) return 2;
  return NOT_STARTED.has(status) ? 0 : 1;
}

/**
 * Whether a status reported after the fact (a webhook, delivered late, repeated or out of order)
 * may replace what the mirror holds. A higher rank always wins: it can only have come later. A
 * lower rank never does: a late `migration.started` never moves a finished migration back. Within
 * one rank a final status never changes, and a running one changes only when the report is newer
 * than the mirror's own last observation of the row.
 */
export function reportedStatusWins(
  current: { status: string; observedMs: number },
  reported: { status: string; eventMs: number },
): boolean {
  if (reported.status === current.status) return false;
  const from = statusRank(current.status);
  const to = statusRank(reported.status);
  if (to !== from) return to > from;
  if (to === 2) return false;
  return reported.eventMs > current.observedMs;
}
