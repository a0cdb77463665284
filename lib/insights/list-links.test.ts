import { describe, expect, it } from "vitest";
import { listMigrationView } from "@/lib/bff/list-view";
import { parseMigrationListParams } from "@/lib/migrations/list-params";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { seededRandom } from "@/lib/testing/random";
import { migrationsListHref } from "./list-links";
import { lastDays } from "./range";
import { startedPerDay } from "./started-per-day";
import { insertMirror, NOW_MS, randomMirror } from "./testing";
import { topFailingCompanies } from "./top-failing-companies";

/** The list view's total for a link's query, through the BFF's own strict parser. */
async function listTotal(db: Parameters<typeof listMigrationView>[0], href: string): Promise<number> {
  const query = new URL(href, "http://localhost").searchParams;
  return (await listMigrationView(db, { ...parseMigrationListParams(query) }, NOW_MS)).total;
}

describe("migrationsListHref", () => {
  it("writes the list's parameters, UTC days included", () => {
    const day = Math.floor(Date.UTC(2026, 10, 29) / 86_400_000);
    expect(
      migrationsListHref({ statuses: ["FAILED", "COMPLETE"], companyId: "acme", fromDay: day - 1, toDay: day }),
    ).toBe("/migrations?status=FAILED%2CCOMPLETE&company_id=acme&created_from=2026-11-28&created_to=2026-11-29");
    expect(migrationsListHref({})).toBe("/migrations");
  });
});

describe.each(TEST_ENGINES)("the list behind a chart counts what the chart shows (%s)", (engine) => {
  const app = appDatabasePerTest(engine);

  it("for a day's bar of one status, a company's days, and a company's failures over a range", async () => {
    const mirror = randomMirror(seededRandom(77), 500);
    await insertMirror(app().db, mirror);
    const range = lastDays(30, NOW_MS);
    const perDay = await startedPerDay(app().db, range);
    for (const bar of perDay.slice(0, 12)) {
      const href = migrationsListHref({ statuses: [bar.status], fromDay: bar.day, toDay: bar.day });
      expect(await listTotal(app().db, href)).toBe(bar.count);
    }
    const dayTotal = perDay.filter((row) => row.day === perDay[0]?.day).reduce((sum, row) => sum + row.count, 0);
    expect(await listTotal(app().db, migrationsListHref({ fromDay: perDay[0]?.day, toDay: perDay[0]?.day }))).toBe(
      dayTotal,
    );

    const companyDays = await startedPerDay(app().db, range, { companyId: "ember005" });
    const companyTotal = companyDays.reduce((sum, row) => sum + row.count, 0);
    expect(
      await listTotal(
        app().db,
        migrationsListHref({ companyId: "ember005", fromDay: range.firstDay, toDay: range.lastDay }),
      ),
    ).toBe(companyTotal);

    for (const company of await topFailingCompanies(app().db, range)) {
      const href = migrationsListHref({
        statuses: ["FAILED"],
        companyId: company.companyId,
        fromDay: range.firstDay,
        toDay: range.lastDay,
      });
      expect(await listTotal(app().db, href)).toBe(company.failed);
    }
  });
});
