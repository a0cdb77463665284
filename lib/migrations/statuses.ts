/**
 * Status values of the Migrations API. The seed document lists six; the provider's public
 * reference adds two more. Anything else an upstream sends is kept as an unknown status, shown
 * as-is in a neutral colour and never dropped: a new provider status must not hide migrations.
 */
export const DOCUMENTED_STATUSES = [
  "NOT_STARTED",
  "WORKING",
  "PENDING_USER_INPUT",
  "COMPLETE",
  "FAILED",
  "COMPLETED_WITH_FAILURES",
] as const;

export const REFERENCE_ONLY_STATUSES = ["NOT_READY", "LOGIN_ABANDONED"] as const;

export const KNOWN_STATUSES = [...DOCUMENTED_STATUSES, ...REFERENCE_ONLY_STATUSES] as const;

export type DocumentedStatus = (typeof DOCUMENTED_STATUSES)[number];
export type KnownStatus = (typeof KNOWN_STATUSES)[number];

const knownStatusSet: ReadonlySet<string> = new Set(KNOWN_STATUSES);

export function isKnownStatus(value: string): value is KnownStatus {
  return knownStatusSet.has(value);
}

const terminalStatusSet: ReadonlySet<string> = new Set<KnownStatus>([
  "COMPLETE",
  "FAILED",
  "COMPLETED_WITH_FAILURES",
  "LOGIN_ABANDONED",
]);

/** A terminal migration will not change status again. Unknown statuses are treated as not terminal. */
export function isTerminalStatus(value: string): boolean {
  return terminalStatusSet.has(value);
}
