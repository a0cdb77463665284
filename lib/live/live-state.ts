import type { SyncFreshness } from "@/lib/migrations/views";

/** What the change feed reads for the browsers: the mirror's version and how current the mirror is. */
export interface LiveState {
  /** The mirror's version (see mirrorVersion): a new one means listed rows changed. */
  version: number;
  freshness: SyncFreshness;
}

/**
 * The part of the freshness a browser must hear of: its state, the last good read, the error, and
 * how far a first read got. Rate and estimate are left out: they move at every read without news,
 * and the next refetch brings them.
 */
export function freshnessKey(freshness: SyncFreshness): string {
  return JSON.stringify([
    freshness.state,
    freshness.synced_at,
    freshness.partial,
    freshness.progress?.rows_read ?? null,
    freshness.progress?.estimated_total ?? null,
    freshness.last_error?.message ?? null,
    freshness.last_error?.at ?? null,
  ]);
}

export function sameLiveState(a: LiveState, b: LiveState): boolean {
  return a.version === b.version && freshnessKey(a.freshness) === freshnessKey(b.freshness);
}
