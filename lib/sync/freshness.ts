import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import type { SyncFreshness } from "@/lib/migrations/views";
import { syncSettings } from "./settings";
import { readSyncState, type SyncState } from "./sync-state";

/** Past this age without a successful read of the newest migrations, the mirror counts as failing. */
const STALE_AFTER_MS = 60_000;

/** A minute, or four head intervals where the head is read less often than every 15 s. */
export function staleAfterMs(): number {
  try {
    return Math.max(STALE_AFTER_MS, 4 * syncSettings().headIntervalMs);
  } catch {
    // An invalid setting is reported where the engine starts; here the default threshold holds.
    return STALE_AFTER_MS;
  }
}
/** Failures in a row after which the sync counts as failing even if its last success is recent. */
const FAILING_AFTER = 3;

export function freshnessOf(state: SyncState | undefined, nowMs: number, staleAfter = STALE_AFTER_MS): SyncFreshness {
  if (!state) return { synced_at: null, state: "starting", partial: true };
  const synced = state.lastHeadSuccessMs;
  const walk = state.walk;
  const backfilling = walk?.kind === "backfill";
  const failing = state.consecutiveFailures >= FAILING_AFTER || (synced !== undefined && nowMs - synced > staleAfter);
  const latest = state.recentErrors[0];
  const freshness: SyncFreshness = {
    synced_at: synced !== undefined ? new Date(synced).toISOString() : null,
    state: failing ? "failing" : backfilling ? "backfilling" : synced === undefined ? "starting" : "current",
    partial: state.backfillCompletedMs === undefined,
  };
  if (backfilling && walk) {
    const elapsedS = (nowMs - walk.resumedMs) / 1000;
    const rate = elapsedS >= 1 ? (walk.rowsRead - walk.rowsAtResume) / elapsedS : undefined;
    const left = walk.estimatedTotal !== undefined ? Math.max(walk.estimatedTotal - walk.rowsRead, 0) : undefined;
    freshness.progress = {
      rows_read: walk.rowsRead,
      ...(walk.estimatedTotal !== undefined ? { estimated_total: walk.estimatedTotal } : {}),
      ...(rate !== undefined ? { rate_per_second: Math.round(rate * 10) / 10 } : {}),
      ...(rate && left !== undefined ? { eta_seconds: Math.ceil(left / rate) } : {}),
    };
  }
  if (failing && latest) freshness.last_error = { message: latest.message, at: new Date(latest.atMs).toISOString() };
  return freshness;
}

export async function readFreshness(db: Kysely<AppSchema>, nowMs = Date.now()): Promise<SyncFreshness> {
  return freshnessOf(await readSyncState(db), nowMs, staleAfterMs());
}
