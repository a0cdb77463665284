import { formatDuration } from "./format-time";
import { isTerminalStatus, type KnownStatus } from "./statuses";

export type StatusIcon =
  | "circle"
  | "spinner"
  | "hand"
  | "check"
  | "cross"
  | "check-warning"
  | "clock"
  | "door"
  | "question";

export type StatusTone = "neutral" | "info" | "attention" | "success" | "danger" | "warning";

export interface StatusInfo {
  value: string;
  label: string;
  /** What the status means and what, if anything, someone should do. */
  description: string;
  tone: StatusTone;
  icon: StatusIcon;
  terminal: boolean;
  /** Ops should look at it: failed, or waiting on a person. */
  needsAttention: boolean;
  known: boolean;
}

/**
 * The one place that says how each status looks and reads. Every status is shown as text plus
 * icon plus color, never color alone.
 */
const CATALOGUE: Record<KnownStatus, Omit<StatusInfo, "value" | "terminal" | "known">> = {
  NOT_STARTED: {
    label: "Not started",
    description: "The migration was created but has not started yet. It normally starts within moments.",
    tone: "neutral",
    icon: "circle",
    needsAttention: false,
  },
  WORKING: {
    label: "Working",
    description: "The migration is in progress. Nothing to do unless it runs much longer than usual.",
    tone: "info",
    icon: "spinner",
    needsAttention: false,
  },
  PENDING_USER_INPUT: {
    label: "Waiting for user",
    description:
      "The migration is waiting for the end user: they must act in the migration modal (for example, sign in again or answer a question) before it can continue.",
    tone: "attention",
    icon: "hand",
    needsAttention: true,
  },
  COMPLETE: {
    label: "Complete",
    description: "The migration finished successfully. Nothing to do.",
    tone: "success",
    icon: "check",
    needsAttention: false,
  },
  FAILED: {
    label: "Failed",
    description:
      "The migration failed and will not continue. Check with the end user or the company, and have them start a new migration when the cause is fixed.",
    tone: "danger",
    icon: "cross",
    needsAttention: true,
  },
  COMPLETED_WITH_FAILURES: {
    label: "Completed with failures",
    description:
      "The migration finished, but some items failed. Review what was not migrated with the end user; a new migration may be needed for the rest.",
    tone: "warning",
    icon: "check-warning",
    needsAttention: true,
  },
  NOT_READY: {
    label: "Not ready",
    description: "The migration is not ready to start yet: the provider is still preparing it.",
    tone: "neutral",
    icon: "clock",
    needsAttention: false,
  },
  LOGIN_ABANDONED: {
    label: "Login abandoned",
    description:
      "The end user left the sign-in step without finishing, so the migration did not run. They can start again from the modal.",
    tone: "warning",
    icon: "door",
    needsAttention: true,
  },
};

export const STATUS_ORDER: readonly KnownStatus[] = [
  "FAILED",
  "COMPLETED_WITH_FAILURES",
  "PENDING_USER_INPUT",
  "LOGIN_ABANDONED",
  "WORKING",
  "NOT_STARTED",
  "NOT_READY",
  "COMPLETE",
];

export function statusInfo(value: string): StatusInfo {
  const entry = (CATALOGUE as Record<string, (typeof CATALOGUE)[KnownStatus] | undefined>)[value];
  if (entry) return { ...entry, value, terminal: isTerminalStatus(value), known: true };
  return {
    value,
    label: value,
    description: "The Migrations API reported a status this dashboard does not know yet. It is shown as sent.",
    tone: "neutral",
    icon: "question",
    terminal: false,
    needsAttention: false,
    known: false,
  };
}

/** Light and dark classes per tone; each pair keeps text contrast at 4.5:1 or more. */
export const TONE_CLASSES: Record<StatusTone, string> = {
  neutral: "bg-slate-100 text-slate-800 ring-slate-300 dark:bg-slate-800 dark:text-slate-100 dark:ring-slate-600",
  info: "bg-sky-100 text-sky-900 ring-sky-300 dark:bg-sky-950 dark:text-sky-100 dark:ring-sky-700",
  attention: "bg-amber-100 text-amber-900 ring-amber-300 dark:bg-amber-950 dark:text-amber-100 dark:ring-amber-700",
  success:
    "bg-emerald-100 text-emerald-900 ring-emerald-300 dark:bg-emerald-950 dark:text-emerald-100 dark:ring-emerald-700",
  danger: "bg-red-100 text-red-900 ring-red-300 dark:bg-red-950 dark:text-red-100 dark:ring-red-700",
  warning: "bg-orange-100 text-orange-900 ring-orange-300 dark:bg-orange-950 dark:text-orange-100 dark:ring-orange-700",
};

/**
 * How long a migration may stay in a running status before the list hints that it may be stuck
 * (and the "may be stuck" alert fires: lib/alerts/rules.ts).
 */
export const STUCK_AFTER_MS: Readonly<Partial<Record<string, number>>> = {
  NOT_STARTED: 60 * 60_000,
  NOT_READY: 6 * 60 * 60_000,
  WORKING: 6 * 60 * 60_000,
  PENDING_USER_INPUT: 24 * 60 * 60_000,
};

export interface StuckHint {
  /** "status": measured from when this status was first observed; "created": from creation (time in status unknown). */
  basis: "status" | "created";
  /** How long, in that basis. */
  ms: number;
}

/**
 * Whether a running migration may be stuck: it has been in its status (or, when that start is not
 * known, in existence) far longer than usual. Time in the status is the better measure: a migration
 * created days ago that started working a minute ago is not stuck.
 */
export function stuckHint(
  status: string,
  createdMs: number,
  statusSinceMs: number | undefined,
  nowMs: number,
): StuckHint | undefined {
  const limit = STUCK_AFTER_MS[status];
  if (limit === undefined) return undefined;
  const basis = statusSinceMs !== undefined && Number.isFinite(statusSinceMs) ? "status" : "created";
  const ms = nowMs - (basis === "status" ? (statusSinceMs as number) : createdMs);
  return ms > limit ? { basis, ms } : undefined;
}

/** "in WORKING for 9 h 2 min" or "created 9 h 2 min ago": the hint always says which it measured. */
export function stuckText(status: string, hint: StuckHint): string {
  const duration = formatDuration(hint.ms);
  return hint.basis === "status" ? `in ${status} for ${duration}` : `created ${duration} ago`;
}
