import "server-only";

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
}

function readNumber(name: string, fallback: number, { min, integer }: { min: number; integer: boolean }): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isSafeInteger(value))) {
    throw new Error(`${name} must be ${integer ? "a whole number" : "a number"} of at least ${min}.`);
  }
  return value;
}

function readEnabled(): boolean {
  const raw = process.env.SYNC_ENABLED?.trim().toLowerCase();
  if (!raw || raw === "on" || raw === "1" || raw === "true") return true;
  if (raw === "off" || raw === "0" || raw === "false") return false;
  throw new Error('SYNC_ENABLED must be "on" or "off".');
}

export function syncSettings(): SyncSettings {
  const ms = (name: string, fallback: number, min = 100) => readNumber(name, fallback, { min, integer: true });
  return {
    maxRps: readNumber("MIGRATIONS_API_MAX_RPS", 5, { min: 0.01, integer: false }),
    enabled: readEnabled(),
    headIntervalMs: ms("SYNC_HEAD_INTERVAL_MS", 5_000),
    runningIntervalMs: ms("SYNC_RUNNING_INTERVAL_MS", 10_000),
    oldRunningIntervalMs: ms("SYNC_OLD_RUNNING_INTERVAL_MS", 120_000),
    reconcileIntervalMs: ms("SYNC_RECONCILE_INTERVAL_MS", 6 * 3_600_000, 1_000),
    leaseMs: ms("SYNC_LEASE_MS", 20_000, 1_000),
  };
}
