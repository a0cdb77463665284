import { describe, expect, it } from "vitest";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { seededRandom } from "@/lib/testing/random";
import { lastDays } from "./range";
import { insertMirror, NOW_MS, randomMirror } from "./testing";
import { topFailingCompanies } from "./top-failing-companies";

describe.each(TEST_ENGINES)("topFailingCompanies (%s)", (engine) => {
  const app = appDatabasePerTest(engine);

  it.each([7, 30, 90])("ranks companies by failed migrations created in the last %i days", async (days) => {
    const mirror = randomMirror(seededRandom(300 + days), 800);
    await insertMirror(app().db, mirror);
    const range = lastDays(days, NOW_MS);
    const byCompany = new Map<string, { total: number; failed: number }>();
    for (const m of mirror.migrations) {
      if (m.company_id === null || m.created_us < range.fromUs || m.created_us >= range.toUs) continue;
      const entry = byCompany.get(m.company_id) ?? { total: 0, failed: 0 };
      entry.total++;
      if (m.status === "FAILED") entry.failed++;
      byCompany.set(m.company_id, entry);
    }
    const expected = [...byCompany]
      .filter(([, entry]) => entry.failed > 0)
      .map(([companyId, entry]) => ({ companyId, ...entry }))
      .sort((a, b) => b.failed - a.failed || (a.companyId < b.companyId ? -1 : 1));
    expect(await topFailingCompanies(app().db, range, 4)).toEqual(expected.slice(0, 4));
  });
});
