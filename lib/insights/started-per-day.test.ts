import { describe, expect, it } from "vitest";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { seededRandom } from "@/lib/testing/random";
import { failureRatePerDay } from "./failure-rate";
import { DAY_US, daysOf, lastDays } from "./range";
import { startedPerDay } from "./started-per-day";
import { insertMirror, NOW_MS, randomMirror, type TestMigration } from "./testing";

/** The oracle: the inserted rows of the range (and company) counted per UTC day and status. */
function oracleCounts(migrations: readonly TestMigration[], fromUs: number, toUs: number, companyId?: string) {
  const counts = new Map<string, number>();
  for (const m of migrations) {
    if (m.created_us < fromUs || m.created_us >= toUs) continue;
    if (companyId !== undefined && m.company_id !== companyId) continue;
    const key = `${Math.floor(m.created_us / DAY_US)}|${m.status}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .map(([key, count]) => {
      const [day = "", status = ""] = key.split("|");
      return { day: Number(day), status, count };
    })
    .sort((a, b) => a.day - b.day || (a.status < b.status ? -1 : a.status > b.status ? 1 : 0));
}

describe.each(TEST_ENGINES)("startedPerDay and failureRatePerDay (%s)", (engine) => {
  const app = appDatabasePerTest(engine);

  it.each([7, 30, 90])("count the migrations created per UTC day and status over the last %i days", async (days) => {
    const mirror = randomMirror(seededRandom(days), 600);
    await insertMirror(app().db, mirror);
    const range = lastDays(days, NOW_MS);
    const counts = await startedPerDay(app().db, range);
    expect(counts).toEqual(oracleCounts(mirror.migrations, range.fromUs, range.toUs));
    expect(counts.every((row) => row.day >= range.firstDay && row.day <= range.lastDay)).toBe(true);

    const rates = failureRatePerDay(range, counts);
    expect(rates.map((r) => r.day)).toEqual(daysOf(range));
    for (const rate of rates) {
      const ofDay = mirror.migrations.filter((m) => Math.floor(m.created_us / DAY_US) === rate.day);
      const finished = ofDay.filter((m) =>
        ["COMPLETE", "FAILED", "COMPLETED_WITH_FAILURES", "LOGIN_ABANDONED"].includes(m.status),
      );
      const failed = ofDay.filter((m) => m.status === "FAILED").length;
      expect(rate).toEqual({
        day: rate.day,
        failed,
        finished: finished.length,
        rate: finished.length > 0 ? failed / finished.length : undefined,
      });
    }
  });

  it("counts one company's migrations only, and nothing for an unknown company", async () => {
    const mirror = randomMirror(seededRandom(5), 400);
    await insertMirror(app().db, mirror);
    const range = lastDays(90, NOW_MS);
    expect(await startedPerDay(app().db, range, { companyId: "cedar003" })).toEqual(
      oracleCounts(mirror.migrations, range.fromUs, range.toUs, "cedar003"),
    );
    expect(await startedPerDay(app().db, range, { companyId: "nobody" })).toEqual([]);
  });

  it("puts a migration created at the first microsecond of a UTC day on that day, and one a microsecond before on the day before", async () => {
    const mirror = randomMirror(seededRandom(6), 2);
    const range = lastDays(7, NOW_MS);
    const [first, second] = mirror.migrations as [TestMigration, TestMigration];
    first.created_us = range.fromUs;
    second.created_us = range.fromUs - 1;
    await insertMirror(app().db, mirror);
    const counts = await startedPerDay(app().db, range);
    expect(counts).toEqual([{ day: range.firstDay, status: first.status, count: 1 }]);
  });
});
