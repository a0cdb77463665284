import { describe, expect, it } from "vitest";
import type { Migration, MigrationSort } from "@/lib/migrations/migration";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { seededRandom } from "@/lib/testing/random";
import { countMirroredByStatus, countMirroredMigrations, listMirroredMigrations, type MirrorFilters } from "./queries";
import { recordReportedStatus } from "./record-event";
import { recordObservedMigrations } from "./record-observations";
import { BASE_US, createdAt } from "./testing";

const STATUSES = ["NOT_STARTED", "WORKING", "COMPLETE", "FAILED", "__proto__", "constructor", "toString"];
const COMPANIES = ["company-a", "company-b", null];
const USERS = ["user-1", "user-2", "user-3"];

interface Row {
  migration: Migration;
  createdUs: number;
}

/**
 * Rows crowded into a few microseconds (many share one, so the id decides their order), with some
 * ids sent in upper case, null companies and statuses named like Object.prototype's members.
 */
function dataset(seed: number, size = 90): Row[] {
  const random = seededRandom(seed);
  return Array.from({ length: size }, (): Row => {
    const createdUs =
      random.next() < 0.1 ? BASE_US - 86_400_000_000 * (1 + random.int(400)) : BASE_US - random.int(30) * 7;
    const id = random.uuid();
    return {
      createdUs,
      migration: {
        id: random.next() < 0.2 ? id.toUpperCase() : id,
        ...createdAt(createdUs),
        status: random.pick(STATUSES),
        createdByUserId: random.pick(USERS),
        companyId: random.pick(COMPANIES),
      },
    };
  });
}

/** The list as the contract defines it, computed here from the rows the test sent. */
function expectedList(rows: readonly Row[], filters: MirrorFilters, sort: MigrationSort): Migration[] {
  const statuses = filters.statuses && filters.statuses.length > 0 ? new Set(filters.statuses) : undefined;
  const matching = rows
    .filter((row) => !statuses || statuses.has(row.migration.status))
    .filter((row) => filters.companyId === undefined || row.migration.companyId === filters.companyId)
    .filter((row) => filters.createdByUserId === undefined || row.migration.createdByUserId === filters.createdByUserId)
    .map((row) => ({ createdUs: row.createdUs, migration: { ...row.migration, id: row.migration.id.toLowerCase() } }));
  matching.sort((a, b) => {
    if (a.createdUs !== b.createdUs) return b.createdUs - a.createdUs;
    return a.migration.id < b.migration.id ? 1 : a.migration.id > b.migration.id ? -1 : 0;
  });
  const newestFirst = matching.map((row) => row.migration);
  return sort === "-created" ? newestFirst : newestFirst.reverse();
}

function expectedCounts(rows: readonly Row[], filters: Omit<MirrorFilters, "statuses">): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const migration of expectedList(rows, filters, "-created")) {
    counts.set(migration.status, (counts.get(migration.status) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function entries(counts: Record<string, number>): Array<[string, number]> {
  return Object.keys(counts)
    .sort()
    .map((status): [string, number] => [status, counts[status] as number]);
}

describe.each(TEST_ENGINES)("mirror queries (%s)", (engine) => {
  const app = appDatabasePerTest(engine);

  async function load(rows: readonly Row[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 25) {
      const batch = rows.slice(i, i + 25).map((row) => row.migration);
      await recordObservedMigrations(app().db, batch, { source: "sync", nowMs: Date.UTC(2026, 0, 1) });
    }
  }

  const all = (filters: MirrorFilters, sort: MigrationSort) =>
    listMirroredMigrations(app().db, { ...filters, sort, page: 1, pageSize: 1_000 });

  it("lists newest first with the id descending within one microsecond, and exactly the reverse", async () => {
    const rows = dataset(1);
    const perMicrosecond = new Map<number, number>();
    for (const row of rows) perMicrosecond.set(row.createdUs, (perMicrosecond.get(row.createdUs) ?? 0) + 1);
    expect([...perMicrosecond.values()].filter((n) => n > 1).length).toBeGreaterThan(5);
    await load(rows);

    const newest = await all({}, "-created");
    expect(newest).toEqual(expectedList(rows, {}, "-created"));
    expect(await all({}, "created")).toEqual([...newest].reverse());
  });

  it("pages through every row once, and past the end gets nothing", async () => {
    const rows = dataset(2);
    await load(rows);
    for (const sort of ["-created", "created"] as const) {
      const pageSize = 7;
      const seen: Migration[] = [];
      let page = 1;
      for (;;) {
        const got = await listMirroredMigrations(app().db, { sort, page, pageSize });
        if (got.length === 0) break;
        expect(got.length).toBeLessThanOrEqual(pageSize);
        seen.push(...got);
        page++;
      }
      expect(page - 1).toBe(Math.ceil(rows.length / pageSize));
      expect(seen).toEqual(expectedList(rows, {}, sort));
      expect(await listMirroredMigrations(app().db, { sort, page: 1_000, pageSize })).toEqual([]);
    }
  });

  it("filters by status list, company and user, alone and together", async () => {
    const rows = dataset(3);
    await load(rows);
    const statusLists: Array<string[] | undefined> = [
      undefined,
      [],
      ["WORKING"],
      ["WORKING", "FAILED"],
      ["__proto__"],
      ["constructor", "COMPLETE", "COMPLETE"],
      ["NO_SUCH_STATUS"],
    ];
    for (const statuses of statusLists) {
      for (const companyId of [undefined, "company-a", "company-b", "no-such-company"]) {
        for (const createdByUserId of [undefined, "user-1", "user-3"]) {
          const filters: MirrorFilters = {
            ...(statuses ? { statuses } : {}),
            ...(companyId !== undefined ? { companyId } : {}),
            ...(createdByUserId !== undefined ? { createdByUserId } : {}),
          };
          const label = JSON.stringify(filters);
          for (const sort of ["-created", "created"] as const) {
            const expected = expectedList(rows, filters, sort);
            expect(await all(filters, sort), label).toEqual(expected);
            expect(await listMirroredMigrations(app().db, { ...filters, sort, page: 2, pageSize: 3 }), label).toEqual(
              expected.slice(3, 6),
            );
          }
        }
      }
    }
  });

  it("finds failures by words of their reason, in any case, with LIKE's wildcards taken literally, and counts them", async () => {
    const rows = dataset(7, 12).map((row) => ({ ...row, migration: { ...row.migration, status: "WORKING" } }));
    await load(rows);
    const reasons = [
      "Source mailbox is over QUOTA",
      "Mailbox quota exceeded at the destination",
      "Partly failed: 100% of calendars, 0_of contacts",
      null,
    ];
    const reported: Array<{ id: string; reason: string | null }> = [];
    for (const [i, reason] of reasons.entries()) {
      const row = rows[i] as Row;
      await recordReportedStatus(app().db, {
        migrationId: row.migration.id,
        status: reason?.startsWith("Partly") ? "COMPLETED_WITH_FAILURES" : "FAILED",
        errorMessage: reason,
        eventMs: Date.UTC(2026, 0, 2),
        nowMs: Date.UTC(2026, 0, 2),
      });
      reported.push({ id: row.migration.id.toLowerCase(), reason });
    }
    const found = async (reasonContains: string, statuses?: string[]) =>
      (await all({ reasonContains, ...(statuses ? { statuses } : {}) }, "-created")).map((m) => m.id).sort();
    const ids = (...indexes: number[]) => indexes.map((i) => reported[i]?.id as string).sort();

    expect(await found("quota")).toEqual(ids(0, 1));
    expect(await found("MAILBOX")).toEqual(ids(0, 1));
    expect(await found("quota", ["COMPLETED_WITH_FAILURES"])).toEqual([]);
    expect(await found("100%")).toEqual(ids(2));
    expect(await found("0_of")).toEqual(ids(2));
    // Wildcards are text: "%" alone would match every reason as a pattern, "_" any one character.
    expect(await found("0%o")).toEqual([]);
    expect(await found("0 of")).toEqual([]);
    expect(await found("_")).toEqual(ids(2));
    expect(await countMirroredByStatus(app().db, { reasonContains: "quota" })).toEqual(
      Object.assign(Object.create(null), { FAILED: 2 }),
    );
    // The list rows carry the reason (the list shows it on hover).
    const listed = await all({ reasonContains: "over quota" }, "-created");
    expect(listed.map((m) => m.errorMessage)).toEqual(["Source mailbox is over QUOTA"]);
  });

  it("keeps rows without a company out of every company filter", async () => {
    const rows = dataset(4);
    await load(rows);
    const companyless = rows.filter((row) => row.migration.companyId === null).length;
    expect(companyless).toBeGreaterThan(0);
    const withCompany = [
      ...(await all({ companyId: "company-a" }, "-created")),
      ...(await all({ companyId: "company-b" }, "-created")),
    ];
    expect(withCompany.every((migration) => migration.companyId !== null)).toBe(true);
    expect((await all({}, "-created")).length - withCompany.length).toBe(companyless);
  });

  it("counts per status overall and for a company, a user or both", async () => {
    const rows = dataset(5);
    await load(rows);
    expect(await countMirroredMigrations(app().db)).toBe(rows.length);
    const owners: Array<Omit<MirrorFilters, "statuses">> = [
      {},
      { companyId: "company-a" },
      { companyId: "company-b" },
      { companyId: "no-such-company" },
      { createdByUserId: "user-2" },
      { companyId: "company-a", createdByUserId: "user-1" },
    ];
    for (const owner of owners) {
      const counts = await countMirroredByStatus(app().db, owner);
      expect(Object.getPrototypeOf(counts), JSON.stringify(owner)).toBeNull();
      expect(entries(counts), JSON.stringify(owner)).toEqual(expectedCounts(rows, owner));
    }
  });

  it("counts statuses named __proto__ or constructor as plain keys, touching no prototype", async () => {
    const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();
    const rows: Row[] = ["__proto__", "__proto__", "__proto__", "constructor", "constructor", "hasOwnProperty"].map(
      (status, i) => ({
        createdUs: BASE_US - i,
        migration: {
          id: `0000000${i}-0000-4000-8000-000000000000`,
          ...createdAt(BASE_US - i),
          status,
          createdByUserId: "user-1",
          companyId: "company-a",
        },
      }),
    );
    await load(rows);
    const expected = [
      ["__proto__", 3],
      ["constructor", 2],
      ["hasOwnProperty", 1],
    ];
    for (const owner of [{}, { companyId: "company-a" }, { createdByUserId: "user-1" }]) {
      const counts = await countMirroredByStatus(app().db, owner);
      expect(Object.getPrototypeOf(counts)).toBeNull();
      expect(Object.getOwnPropertyDescriptor(counts, "__proto__")?.value).toBe(3);
      expect(entries(counts)).toEqual(expected);
    }
    expect((await all({ statuses: ["__proto__"] }, "-created")).map((migration) => migration.id)).toEqual(
      rows.slice(0, 3).map((row) => row.migration.id),
    );
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
    expect(({} as Record<string, unknown>).constructor).toBe(Object);
  });
});
