import "server-only";
import { readEnv } from "@/lib/config/env";

/**
 * The sync engine's settings, read from the environment once per engine start. Invalid values
 * throw an Error naming the variable.
 */
export interface SyncSettings {
  /** MIGRATIONS_API_MAX_RPS: requests per second to the upstream from this deployment (default 5). */
  maxRps: number;
  /** SYNC_ENABLED=off: this instance never syncs, it only reads the mirror (default on). */
  enabled: boolean;
  /** SYNC_HEAD_INTERVAL_MS: how often new migrations are looked for on page 1 (default 5 s). */
  headIntervalMs: number;
  /** SYNC_RUNNING_INTERVAL_MS: how often recent running migrations are re-checked (default 10 s). */
  runningIntervalMs: number;
  /** SYNC_OLD_RUNNING_INTERVAL_MS: how often old, far-down running migrations are re-checked (default 2 min). */
  oldRunningIntervalMs: number;
  /** SYNC_RECONCILE_INTERVAL_MS: time between slow full walks (default 6 h). */
  reconcileIntervalMs: number;
  /** SYNC_LEASE_MS: how long a syncing instance's lease lasts without renewal (default 20 s). */
  leaseMs: number;
  /** SYNC_MAX_BACKOFF_MS: the longest wait before a failing operation is tried again (default 1 min). */
  maxBackoffMs: number;
}

export function syncSettings(): SyncSettings {
  return {
    maxRps: readEnv("MIGRATIONS_API_MAX_RPS"),
    enabled: readEnv("SYNC_ENABLED"),
    headIntervalMs: readEnv("SYNC_HEAD_INTERVAL_MS"),
    runningIntervalMs: readEnv("SYNC_RUNNING_INTERVAL_MS"),
    oldRunningIntervalMs: readEnv("SYNC_OLD_RUNNING_INTERVAL_MS"),
    reconcileIntervalMs: readEnv("SYNC_RECONCILE_INTERVAL_MS"),
    leaseMs: readEnv("SYNC_LEASE_MS"),
    maxBackoffMs: readEnv("SYNC_MAX_BACKOFF_MS"),
  };
}
