/**
 * Helpers for the sync engine's and the mirror's unit tests only. Never import this from production code.
 */

import type { AppDatabase } from "@/lib/db/connection";
import type { EmbeddedDatabase } from "@/lib/embedded-api/database";
import { openTestAppDatabase } from "@/lib/testing/app-database";
import { createUpstreamClient, type UpstreamClient } from "@/lib/upstream/client";
import { EMBEDDED_BASE_URL } from "@/lib/upstream/config";
import { createEmbeddedFetch } from "@/lib/upstream/embedded-fetch";
import { SyncEngine } from "./engine";
import type { SyncSettings } from "./settings";

export const FAST_SETTINGS: SyncSettings = {
  maxRps: 1000,
  enabled: true,
  headIntervalMs: 1_000,
  runningIntervalMs: 2_000,
  oldRunningIntervalMs: 10_000,
  reconcileIntervalMs: 3_600_000,
  leaseMs: 20_000,
  maxBackoffMs: 60_000,
};

/**
 * A fresh app database: SQLite in memory, or a new database on the PostgreSQL server vitest's global
 * setup provides (dropped again by `close()`).
 */
export function testAppDatabase(engine: "sqlite" | "postgres" = "sqlite"): Promise<AppDatabase> {
  return openTestAppDatabase(engine);
}

/** A client on the embedded API in process (strict: only page and page_size), counting every request. */
export function embeddedClient(db: EmbeddedDatabase, key: string, { strict = true } = {}) {
  const requests: string[] = [];
  const inner = createEmbeddedFetch({ db, strict });
  const counting = (async (input: RequestInfo | URL, init?: RequestInit) => {
    requests.push(String(input instanceof Request ? input.url : input));
    return inner(input, init);
  }) as typeof fetch;
  const client: UpstreamClient = createUpstreamClient({
    baseUrl: EMBEDDED_BASE_URL,
    apiKey: key,
    fetch: counting,
    backoffBaseMs: 0,
  });
  return { client, requests };
}

/** A clock the test moves by hand. */
export function manualClock(startMs = Date.UTC(2026, 0, 1)) {
  let nowMs = startMs;
  return {
    now: () => nowMs,
    advance(ms: number) {
      nowMs += ms;
    },
  };
}

export function testEngine(options: {
  db: AppDatabase;
  client: UpstreamClient;
  now: () => number;
  settings?: Partial<SyncSettings>;
  instanceId?: string;
  scope?: string;
}): SyncEngine {
  return new SyncEngine({
    db: options.db.db,
    client: options.client,
    scope: options.scope ?? "test-scope",
    settings: { ...FAST_SETTINGS, ...options.settings },
    instanceId: options.instanceId ?? "test-instance",
    now: options.now,
    log: () => {},
  });
}

/** Steps the engine until its walk is done (or `maxSteps` pass), advancing the clock a little each step. */
export async function stepUntilWalked(engine: SyncEngine, clock: { advance(ms: number): void }, maxSteps = 10_000) {
  for (let i = 0; i < maxSteps; i++) {
    const busy = await engine.step();
    clock.advance(10);
    if (!busy && !engine.walking) return i + 1;
  }
  throw new Error(`The walk did not finish within ${maxSteps} steps.`);
}
