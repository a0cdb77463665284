import type { BffErrorCode } from "./error-codes";
import type { Migration } from "./migration";

/**
 * What the BFF answers: built by the BFF (lib/bff) and read by the browser (bff-client.ts). Both
 * sides are this codebase, typed end to end; the untrusted boundary, the upstream's responses, is
 * validated with zod on the server (lib/upstream/reader.ts). The browser keeps only a light shape
 * check (bff-client.ts), so no schema library ships in the client bundle.
 */
export interface MigrationListView {
  data: Migration[];
  page: number;
  page_size: number;
  total: number;
  /** Per status, for the current company and user filters (not the status filter). */
  counts: Record<string, number>;
  /** When the mirror last caught up with the upstream's newest migrations (ISO 8601); now when never. */
  as_of: string;
  freshness: SyncFreshness;
}

/** How current the mirror is, in every BFF answer. */
export interface SyncFreshness {
  /** When the mirror last caught up with the upstream's newest migrations (ISO 8601), or null before that. */
  synced_at: string | null;
  /**
   * starting: nothing read yet; backfilling: the first full read is under way (views are partial);
   * current: in step with the upstream; failing: the sync keeps failing (views show the last good state).
   */
  state: "starting" | "backfilling" | "current" | "failing";
  /** True while the first full read runs: lists, counts and filters cover only what is mirrored so far. */
  partial: boolean;
  /** Progress of the first full read. */
  progress?: { rows_read: number; estimated_total?: number; rate_per_second?: number; eta_seconds?: number };
  /** The latest sync error (a safe message) and when it happened, while failing. */
  last_error?: { message: string; at: string };
}

/** One observed status change: from (null at first sight) → to (null: gone from the upstream). */
export interface ObservedStatusChangeView {
  from: string | null;
  to: string | null;
  observed_at: string;
  /** "sync", "read-through" or "webhook". */
  source: string;
  /** The reason a webhook gave with this change (a failure); absent otherwise. */
  error_message?: string;
}

export interface MigrationDetailView {
  data: Migration;
  as_of: string;
  freshness: SyncFreshness;
  /** Oldest first. */
  history: ObservedStatusChangeView[];
  /** When the current status was first observed; null when it already had it when first seen. */
  status_since: string | null;
  /** When this app first saw the migration. */
  first_seen_at: string;
  /**
   * Why it failed or partly failed, as the Migrations API's webhook said (its resource has no such
   * field); null when no webhook gave one.
   */
  error_message: string | null;
}

export interface BffErrorBody {
  error: { code: BffErrorCode; message: string; param?: string };
}
