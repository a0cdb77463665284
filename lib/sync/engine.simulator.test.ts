import { afterEach, describe, expect, it } from "vitest";
import type { AppDatabase } from "@/lib/db/connection";
import type { EmbeddedDatabase } from "@/lib/embedded-api/database";
import { seededRandom } from "@/lib/embedded-api/random";
import { simulateStep } from "@/lib/embedded-api/simulator";
import { insertRows, makeOrg, memoryDatabase } from "@/lib/embedded-api/testing";
import { DOCUMENTED_STATUSES, isTerminalStatus } from "@/lib/migrations/statuses";
import { statusHistory } from "@/lib/mirror/queries";
import { readSyncState } from "./sync-state";
import { countsOf, mirroredCounts, mirroredRows, openTestDatabase } from "./test-database";
import { embeddedClient, FAST_SETTINGS, manualClock, testEngine } from "./testing";

/**
 * The engine against the embedded Migrations API in strict mode (the documented contract only) while
 * the simulator creates and advances migrations, both on one manual clock. The oracle is the
 * upstream's own store, read directly; the true status path of every migration is recorded after
 * each simulator step.
 */

const HOUR_US = 3_600_000_000;

let app: AppDatabase | undefined;
let upstream: EmbeddedDatabase | undefined;
afterEach(async () => {
  await app?.close();
  upstream?.close();
  app = undefined;
  upstream = undefined;
});

interface StoredRow {
  id: string;
  createdUs: number;
  status: string;
  createdByUserId: string;
  companyId: string | null;
}

function upstreamRows(db: EmbeddedDatabase): StoredRow[] {
  return db
    .prepare(
      `SELECT id, created_us AS createdUs, status, created_by_user_id AS createdByUserId, company_id AS companyId
       FROM migrations ORDER BY created_us DESC, id DESC`,
    )
    .all() as StoredRow[];
}

/** `observed` appears in `path` in order (each observed status at or after the previous one's place). */
function isSubsequence(observed: readonly string[], path: readonly string[]): boolean {
  let at = 0;
  for (const status of observed) {
    while (at < path.length && path[at] !== status) at++;
    if (at === path.length) return false;
    at++;
  }
  return true;
}

describe.each([7, 2026])("sync with the simulator (seed %i)", (seed) => {
  it("settles into an exact mirror of the upstream, with every history in the order it happened", async () => {
    upstream = memoryDatabase();
    const { org, key } = makeOrg(upstream, "alpha");
    const clock = manualClock();
    const random = seededRandom(seed);
    const nowUs = clock.now() * 1000;
    // Recent migrations (many still moving) and old ones (finished, or stuck for good).
    const pick = (statuses: readonly string[]) => statuses[Math.floor(random() * statuses.length)] as string;
    insertRows(upstream, org, [
      ...Array.from({ length: 200 }, (_, i) => ({
        createdUs: nowUs - Math.floor(((i + 1) * 3 * HOUR_US) / 200),
        status: pick(DOCUMENTED_STATUSES) as "COMPLETE",
        createdByUserId: `user-${i % 7}`,
        companyId: i % 5 === 0 ? null : `company-${i % 3}`,
      })),
      ...Array.from({ length: 1_000 }, (_, i) => ({
        createdUs: nowUs - 48 * HOUR_US - i * 60_000_000,
        status: (i % 50 === 0 ? "WORKING" : pick(["COMPLETE", "FAILED", "COMPLETED_WITH_FAILURES"])) as "COMPLETE",
        createdByUserId: `user-${i % 11}`,
        companyId: `company-${i % 4}`,
      })),
    ]);

    // Every status each migration has had, in order, recorded after each simulator step.
    const paths = new Map<string, string[]>();
    const record = () => {
      for (const row of upstreamRows(upstream as EmbeddedDatabase)) {
        const path = paths.get(row.id);
        if (!path) paths.set(row.id, [row.status]);
        else if (path.at(-1) !== row.status) path.push(row.status);
      }
    };
    record();

    app = await openTestDatabase();
    const { client, requests } = embeddedClient(upstream, key);
    const engine = testEngine({ db: app, client, now: clock.now });
    await engine.load();

    let simulated = { created: 0, advanced: 0 };
    for (let tick = 0; tick < 480; tick++) {
      clock.advance(500);
      if (tick % 4 === 0) {
        const result = simulateStep(upstream, random, new Date(clock.now()));
        simulated = { created: simulated.created + result.created, advanced: simulated.advanced + result.advanced };
        record();
      }
      await engine.step();
    }
    expect(simulated.created).toBeGreaterThan(40);
    expect(simulated.advanced).toBeGreaterThan(40);
    expect((await readSyncState(app.db))?.backfillCompletedMs).toBeDefined();

    // Settle: the simulator stops; every running migration is re-checked at least once more.
    for (let second = 0; second < (FAST_SETTINGS.oldRunningIntervalMs / 1000) * 2 + 5; second++) {
      clock.advance(1_000);
      await engine.step();
    }

    const want = upstreamRows(upstream);
    const got = await mirroredRows(app);
    expect(got.length).toBe(want.length);
    expect(got).toEqual(want);
    expect(await mirroredCounts(app)).toEqual(countsOf(want));

    let withChanges = 0;
    for (const row of want) {
      const history = await statusHistory(app.db, row.id);
      const path = paths.get(row.id) as string[];
      expect(history[0]?.from).toBeNull();
      for (let i = 1; i < history.length; i++) {
        expect(history[i]?.from).toBe(history[i - 1]?.to);
        expect(history[i]?.observedMs).toBeGreaterThanOrEqual(history[i - 1]?.observedMs as number);
      }
      const observed = history.map((change) => change.to as string);
      expect(observed.at(-1)).toBe(row.status);
      expect(isSubsequence(observed, path), `${row.id}: saw ${observed} of ${path}`).toBe(true);
      if (history.length > 1) withChanges++;
    }
    expect(withChanges).toBeGreaterThan(20);
    // Terminal migrations never change: nothing is observed after a terminal status.
    for (const row of want) {
      const history = await statusHistory(app.db, row.id);
      const terminalAt = history.findIndex((change) => isTerminalStatus(change.to as string));
      if (terminalAt >= 0) expect(terminalAt).toBe(history.length - 1);
    }
    expect(requests.every((url) => /\/migrations(\?page=\d+&page_size=\d+|\/[0-9a-f-]{36})$/.test(url))).toBe(true);
  }, 120_000);
});
