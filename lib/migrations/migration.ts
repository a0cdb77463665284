/**
 * A migration as the app uses it, whatever shape the upstream sent: camelCase, `created` normalized
 * to an ISO 8601 UTC string with milliseconds and a `Z` (safe to parse with Date and to sort), and
 * `status` kept as sent, known or not.
 */
export interface Migration {
  id: string;
  /** ISO 8601, UTC, `Z`, millisecond precision: `2025-12-02T23:51:49.807Z`. */
  created: string;
  /** The upstream's `created` exactly as received, for display and copying. */
  createdRaw: string;
  status: string;
  createdByUserId: string;
  companyId: string | null;
  /**
   * In list rows: when the mirror first observed the current status (ISO 8601 UTC). Absent when the
   * migration already had it when first seen, so the time in this status is unknown.
   */
  statusSince?: string;
  /** In list rows: why it failed or partly failed, when a webhook said; absent otherwise. */
  errorMessage?: string;
  /** In the BFF's list rows and detail: the company's name from the directory; null when it has none. */
  companyName?: string | null;
  /** In the BFF's list rows and detail: the user's name from the directory; null when it has none. */
  createdByUserName?: string | null;
}

/**
 * The list's orders. `created`: oldest first, `-created` newest first. `status` and `company` group
 * the rows by status name or company name (A→Z; `-` for Z→A; the id stands in for a company the
 * directory does not name, and migrations without a company come last either way), newest first
 * within each group.
 */
export type MigrationSort = "created" | "-created" | "status" | "-status" | "company" | "-company";
