import "server-only";
import type { SyncFreshness } from "@/lib/migrations/views";
import { freshnessOf, staleAfterMs } from "@/lib/sync/freshness";
import { leaseHolder } from "@/lib/sync/lease";
import { readSyncState } from "@/lib/sync/sync-state";
import { upstreamSettings } from "@/lib/upstream/config";
import { upstreamBudget } from "@/lib/upstream/configured-upstream";
import { mirrorDatabase } from "./mirror-access";

export interface HealthReport {
  status: "ok" | "degraded";
  upstream: {
    mode: "embedded" | "remote" | "unknown";
    /** Whether the sync reached the upstream lately (never probed from here: health spends no upstream request). */
    reachable: boolean;
    last_success_at?: string;
    /** Requests this instance has sent the upstream since it started (sync and read-through). */
    requests_sent: number;
    /** Seconds this instance still waits because the upstream answered 429 with Retry-After. */
    paused_seconds: number;
  };
  sync: SyncFreshness & {
    /** Whether some instance holds the sync lease right now. */
    leader_active: boolean;
    completed_walks: number;
    next_reconcile_at?: string;
    consecutive_failures: number;
    rejected_rows: number;
    recent_errors: Array<{ at: string; operation: string; message: string }>;
  };
}

/**
 * Liveness plus the sync's state, read from the app database only: an anonymous flood of health
 * checks costs the upstream nothing. No secrets, no URLs.
 */
export async function healthReport(nowMs = Date.now()): Promise<HealthReport> {
  let mode: HealthReport["upstream"]["mode"] = "unknown";
  const budget = upstreamBudget();
  try {
    mode = upstreamSettings().mode;
  } catch {
    // A misconfigured upstream shows as "unknown"; the sync records the details.
  }
  const db = await mirrorDatabase();
  const [state, lease] = await Promise.all([readSyncState(db), leaseHolder(db, "sync", nowMs)]);
  const freshness = freshnessOf(state, nowMs, staleAfterMs());
  const lastSuccess = state?.lastSuccessMs;
  return {
    status: freshness.state === "failing" ? "degraded" : "ok",
    upstream: {
      mode,
      reachable: lastSuccess !== undefined && nowMs - lastSuccess < 60_000,
      ...(lastSuccess !== undefined ? { last_success_at: new Date(lastSuccess).toISOString() } : {}),
      requests_sent: budget.granted,
      paused_seconds: Math.ceil(budget.pausedForMs() / 1000),
    },
    sync: {
      ...freshness,
      leader_active: lease !== undefined,
      completed_walks: state?.completedGeneration ?? 0,
      ...(state?.nextReconcileMs !== undefined
        ? { next_reconcile_at: new Date(state.nextReconcileMs).toISOString() }
        : {}),
      consecutive_failures: state?.consecutiveFailures ?? 0,
      rejected_rows: state?.rejectedRows ?? 0,
      recent_errors: (state?.recentErrors ?? []).slice(0, 5).map((error) => ({
        at: new Date(error.atMs).toISOString(),
        operation: error.operation,
        message: error.message,
      })),
    },
  };
}
