import { describe, expect, it } from "vitest";
import { importEntries } from "@/lib/directory/import-entries";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { seededRandom } from "@/lib/testing/random";
import { type CompanyRow, listCompanies } from "./companies";
import { COMPANY_SORTS } from "./company-sort";
import { insertMirror, randomMirror, type TestMirror } from "./testing";

const FINAL = new Set(["COMPLETE", "FAILED", "COMPLETED_WITH_FAILURES", "LOGIN_ABANDONED"]);

/** The oracle: each company's rows totalled in JavaScript. */
function oracleCompanies(mirror: TestMirror): CompanyRow[] {
  const rows = new Map<string, CompanyRow>();
  for (const m of mirror.migrations) {
    if (m.company_id === null) continue;
    const row = rows.get(m.company_id) ?? {
      companyId: m.company_id,
      total: 0,
      failed: 0,
      finished: 0,
      failureRate: undefined,
      lastActivityMs: undefined,
    };
    row.total++;
    if (m.status === "FAILED") row.failed++;
    if (FINAL.has(m.status)) row.finished++;
    const activity = Math.max(Math.floor(m.created_us / 1000), m.status_since_ms ?? 0);
    row.lastActivityMs = Math.max(row.lastActivityMs ?? 0, activity);
    rows.set(m.company_id, row);
  }
  return [...rows.values()].map((row) => ({
    ...row,
    failureRate: row.finished > 0 ? row.failed / row.finished : undefined,
  }));
}

const SORT_VALUE: Record<string, (row: CompanyRow) => number> = {
  migrations: (row) => row.total,
  failures: (row) => row.failed,
  failure_rate: (row) => row.failureRate ?? -1,
  last_activity: (row) => row.lastActivityMs ?? -1,
};

describe.each(TEST_ENGINES)("listCompanies (%s)", (engine) => {
  const app = appDatabasePerTest(engine);

  it.each(COMPANY_SORTS)("sorts by %s with the id breaking ties, and pages", async (sort) => {
    const mirror = randomMirror(seededRandom(400 + COMPANY_SORTS.indexOf(sort)), 300);
    // A company whose migrations are all running: no failure rate.
    for (const m of mirror.migrations.slice(0, 3)) {
      m.company_id = "zeta0099";
      m.status = "WORKING";
    }
    await insertMirror(app().db, mirror);
    const descending = sort.startsWith("-");
    const value = SORT_VALUE[descending ? sort.slice(1) : sort] as (row: CompanyRow) => number;
    const expected = oracleCompanies(mirror).sort(
      (a, b) => (descending ? value(b) - value(a) : value(a) - value(b)) || (a.companyId < b.companyId ? -1 : 1),
    );
    const first = await listCompanies(app().db, { sort, page: 1, pageSize: 4 });
    const second = await listCompanies(app().db, { sort, page: 2, pageSize: 4 });
    expect(first.total).toBe(expected.length);
    expect([...first.rows, ...second.rows]).toEqual(expected);
  });

  it("names the companies the directory knows; the others keep only their id", async () => {
    const mirror = randomMirror(seededRandom(499), 120);
    await insertMirror(app().db, mirror);
    const ids = [...new Set(mirror.migrations.flatMap((m) => (m.company_id === null ? [] : [m.company_id])))];
    const named = ids.slice(0, 2);
    await importEntries(
      app().db,
      "companies",
      named.map((company_id, i) => ({ company_id, name: `Company ${i}` })),
    );
    const { rows } = await listCompanies(app().db, { sort: "-migrations", page: 1, pageSize: 100 });
    expect(rows).toHaveLength(ids.length);
    for (const row of rows) {
      const index = named.indexOf(row.companyId);
      expect(row.name).toBe(index >= 0 ? `Company ${index}` : undefined);
    }
  });

  it("lists no company when the mirror is empty", async () => {
    expect(await listCompanies(app().db, { sort: "-migrations", page: 1 })).toEqual({ rows: [], total: 0 });
  });
});
