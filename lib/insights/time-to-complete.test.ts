import { describe, expect, it } from "vitest";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { seededRandom } from "@/lib/testing/random";
import { DAY_US, lastDays } from "./range";
import { insertMirror, NOW_MS, nearestRank, oracleCompletionMs, randomMirror } from "./testing";
import { companyTimeToComplete, timeToCompletePerDay } from "./time-to-complete";

describe.each(TEST_ENGINES)("time to complete (%s)", (engine) => {
  const app = appDatabasePerTest(engine);

  it.each([7, 30, 90])(
    "per day of creation over the last %i days: median and p90 of creation → first observed final status",
    async (days) => {
      const mirror = randomMirror(seededRandom(100 + days), 700);
      await insertMirror(app().db, mirror);
      const range = lastDays(days, NOW_MS);
      const byDay = new Map<number, number[]>();
      for (const m of mirror.migrations) {
        if (m.created_us < range.fromUs || m.created_us >= range.toUs) continue;
        const ms = oracleCompletionMs(m, mirror.changes);
        if (ms === undefined) continue;
        const day = Math.floor(m.created_us / DAY_US);
        byDay.set(day, [...(byDay.get(day) ?? []), ms]);
      }
      const expected = [...byDay]
        .sort((a, b) => a[0] - b[0])
        .map(([day, values]) => ({
          day,
          count: values.length,
          p50Ms: nearestRank(values, 50),
          p90Ms: nearestRank(values, 90),
        }));
      expect(expected.length).toBeGreaterThan(0);
      expect(await timeToCompletePerDay(app().db, range)).toEqual(expected);
    },
  );

  it("over all of one company's migrations, and none for a company never seen completing", async () => {
    const mirror = randomMirror(seededRandom(7), 500);
    await insertMirror(app().db, mirror);
    const values = mirror.migrations
      .filter((m) => m.company_id === "bolt0002")
      .map((m) => oracleCompletionMs(m, mirror.changes))
      .filter((ms): ms is number => ms !== undefined);
    expect(await companyTimeToComplete(app().db, "bolt0002")).toEqual({
      count: values.length,
      p50Ms: nearestRank(values, 50),
      p90Ms: nearestRank(values, 90),
    });
    expect(await companyTimeToComplete(app().db, "nobody")).toBeUndefined();
  });
});
