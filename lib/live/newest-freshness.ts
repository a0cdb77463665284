import type { SyncFreshness } from "@/lib/migrations/views";

/** The sync's freshness as the change stream last told it, and when this tab heard it. */
export interface PushedFreshness {
  value: SyncFreshness;
  receivedMs: number;
}

/**
 * Which freshness a view shows: the one in its last BFF answer, or the one the stream pushed since.
 * While the stream is up views refetch rarely, so without this a failing sync (or "synced … ago")
 * would show only at the next slow poll.
 */
export function newestFreshness(
  fetched: SyncFreshness | undefined,
  fetchedMs: number,
  pushed: PushedFreshness | undefined,
): SyncFreshness | undefined {
  if (!pushed || !fetched) return fetched;
  return pushed.receivedMs > fetchedMs ? pushed.value : fetched;
}

const STATES: ReadonlySet<string> = new Set(["starting", "backfilling", "current", "failing"]);

/** A light check of a pushed freshness: enough to ignore garbage instead of rendering it. */
export function isSyncFreshness(value: unknown): value is SyncFreshness {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate.state === "string" &&
    STATES.has(candidate.state) &&
    (candidate.synced_at === null || typeof candidate.synced_at === "string") &&
    typeof candidate.partial === "boolean"
  );
}
