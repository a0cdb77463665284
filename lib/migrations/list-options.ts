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

export interface MigrationListParams {
  page: number;
  pageSize: (typeof PAGE_SIZES)[number];
  statuses: string[];
  companyId?: string;
  createdByUserId?: string;
  /** Failure reason contains this text (any case): only migrations a webhook gave a reason for match. */
  reason?: string;
  sort: MigrationSort;
}
