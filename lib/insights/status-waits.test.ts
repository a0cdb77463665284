import { describe, expect, it } from "vitest";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { seededRandom } from "@/lib/testing/random";
import { DAY_MS } from "./range";
import { statusWaits } from "./status-waits";
import { insertMirror, NOW_MS, nearestRank, randomMirror, type TestChange } from "./testing";

/** The oracle: walk each migration's history in order; a stay counts when it began and ended with observed changes. */
function oracleWaits(changes: readonly TestChange[], fromMs: number, toMs: number) {
  const byMigration = new Map<string, TestChange[]>();
  for (const change of changes)
    byMigration.set(change.migration_id, [...(byMigration.get(change.migration_id) ?? []), change]);
  const stays = new Map<string, number[]>();
  for (const history of byMigration.values()) {
    history.sort((a, b) => a.observed_ms - b.observed_ms);
    for (let index = 1; index < history.length; index++) {
      const [entered, left] = [history[index - 1] as TestChange, history[index] as TestChange];
      if (left.observed_ms < fromMs || left.observed_ms >= toMs) continue;
      if (entered.from_status === null || left.to_status === null || left.from_status === null) continue;
      if (entered.to_status !== left.from_status) continue;
      stays.set(left.from_status, [...(stays.get(left.from_status) ?? []), left.observed_ms - entered.observed_ms]);
    }
  }
  return [...stays]
    .map(([status, values]) => ({
      status,
      count: values.length,
      p50Ms: nearestRank(values, 50),
      p90Ms: nearestRank(values, 90),
    }))
    .sort((a, b) => b.p50Ms - a.p50Ms || b.p90Ms - a.p90Ms || a.status.localeCompare(b.status));
}

describe.each(TEST_ENGINES)("statusWaits (%s)", (engine) => {
  const app = appDatabasePerTest(engine);

  it.each([7, 30, 90])(
    "measures the stays that ended in the last %i days, both ends observed, longest median first",
    async (days) => {
      const mirror = randomMirror(seededRandom(200 + days), 700);
      await insertMirror(app().db, mirror);
      const window = { fromMs: NOW_MS - days * DAY_MS, toMs: NOW_MS + 1 };
      const expected = oracleWaits(mirror.changes, window.fromMs, window.toMs);
      expect(expected.length).toBeGreaterThan(2);
      expect(await statusWaits(app().db, window)).toEqual(expected);
    },
  );

  it("counts no stay for a status held since the first sighting, nor one ended by disappearing", async () => {
    const mirror = randomMirror(seededRandom(9), 1);
    const id = mirror.migrations[0]?.id ?? "";
    const at = NOW_MS - DAY_MS;
    mirror.changes = [
      { migration_id: id, from_status: null, to_status: "NOT_STARTED", observed_ms: at },
      { migration_id: id, from_status: "NOT_STARTED", to_status: "WORKING", observed_ms: at + 1000 },
      { migration_id: id, from_status: "WORKING", to_status: "PENDING_USER_INPUT", observed_ms: at + 5000 },
      { migration_id: id, from_status: "PENDING_USER_INPUT", to_status: null, observed_ms: at + 9000 },
    ];
    await insertMirror(app().db, mirror);
    expect(await statusWaits(app().db, { fromMs: at - DAY_MS, toMs: NOW_MS })).toEqual([
      { status: "WORKING", count: 1, p50Ms: 4000, p90Ms: 4000 },
    ]);
  });
});
