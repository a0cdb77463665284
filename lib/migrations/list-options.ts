import type { MigrationSort } from "./migration";

/**
 * The list view's parameters, shared by the BFF (`/api/migrations`) and the pages (`/migrations`):
 * the same names and rules in the URL bar and in the API.
 */
export const PAGE_SIZES = [10, 25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;
export const SORTS = [
  "-created",
  "created",
  "status",
  "-status",
  "company",
  "-company",
] as const satisfies readonly MigrationSort[];
export const DEFAULT_SORT: MigrationSort = "-created";

/** Upstream ids are opaque strings; this keeps them printable, bounded and URL-safe. */
export const ID_FILTER_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
/** A reason search: printable text, bounded (it is matched with LIKE over the failed migrations). */
export const REASON_FILTER_PATTERN = /^[^\p{Cc}]{1,200}$/u;
/** Status values, known or not: the dashboard can filter on statuses it has never heard of. */
export const STATUS_VALUE_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;
/** A day of creation, `2026-11-29`: the created_from/created_to filters name whole UTC days. */
export const CREATED_DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Whether the text is a real calendar day (not 2026-02-30) in the CREATED_DAY_PATTERN shape. */
export function isCreatedDay(value: string): boolean {
  if (!CREATED_DAY_PATTERN.test(value)) return false;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === value;
}

/**
 * The created range of created_from/created_to in epoch microseconds, from included to excluded:
 * from the first microsecond of the first day to the first of the day after the last. UTC days, like
 * the insights' day buckets, so a chart's bar and the list behind it count the same migrations.
 */
export function createdRangeUs(params: Pick<MigrationListParams, "createdFrom" | "createdTo">): {
  createdFromUs?: number;
  createdToUs?: number;
} {
  const dayStartUs = (day: string) => Date.parse(`${day}T00:00:00Z`) * 1000;
  return {
    ...(params.createdFrom !== undefined ? { createdFromUs: dayStartUs(params.createdFrom) } : {}),
    ...(params.createdTo !== undefined ? { createdToUs: dayStartUs(params.createdTo) + 86_400_000_000 } : {}),
  };
}

export interface MigrationListParams {
  page: number;
  pageSize: (typeof PAGE_SIZES)[number];
  statuses: string[];
  companyId?: string;
  createdByUserId?: string;
  /** Failure reason contains this text (any case): only migrations a webhook gave a reason for match. */
  reason?: string;
  /** Created on or after this UTC day (`2026-11-01`). */
  createdFrom?: string;
  /** Created on or before this UTC day, the whole day included. */
  createdTo?: string;
  sort: MigrationSort;
}
