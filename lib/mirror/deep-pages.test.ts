import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppDatabase } from "@/lib/db/connection";
import type { Migration } from "@/lib/migrations/migration";
import { testAppDatabase } from "@/lib/sync/testing";
import { ANCHOR_SPACING, clearAnchorCache, DIRECT_OFFSET_LIMIT } from "./deep-pages";
import { createdMicros } from "./mirror-row";
import { countMirroredByStatus, listMirroredMigrations, type MirrorFilters } from "./queries";
import { recordObservedMigrations, recordRemovedMigrations } from "./record-observations";

/**
 * Deep pages start from cached anchors: every page, for several filters and both orders, must equal
 * the page cut from an independently sorted copy of the rows — before and after writes that move
 * rows (new ones at the top, an old one re-filed, an old one removed).
 */
const STATUSES = ["COMPLETE", "FAILED", "WORKING"] as const;
const COUNT = 3 * ANCHOR_SPACING + DIRECT_OFFSET_LIMIT + 1_234;

function seeded(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return (state >>> 8) % below;
  };
}

function makeMigration(n: number, next: (below: number) => number): Migration {
  // Pairs share a microsecond: the id decides their order.
  const micros = Date.UTC(2025, 0, 1) * 1000 + Math.floor(n / 2) * 1_000_003;
  const created = new Date(Math.floor(micros / 1000)).toISOString();
  const createdRaw = `${created.slice(0, 19)}.${String(micros % 1_000_000).padStart(6, "0")}`;
  return {
    id: `${next(0xffffffff).toString(16).padStart(8, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`,
    created,
    createdRaw,
    status: STATUSES[next(STATUSES.length)] as string,
    createdByUserId: `user-${next(3)}`,
    companyId: next(4) === 0 ? null : `company-${next(2)}`,
  };
}

function oracleOrder(rows: Iterable<Migration>, filters: MirrorFilters, newestFirst: boolean): string[] {
  const kept = [...rows].filter(
    (row) =>
      (!filters.statuses || filters.statuses.includes(row.status)) &&
      (filters.companyId === undefined || row.companyId === filters.companyId) &&
      (filters.createdByUserId === undefined || row.createdByUserId === filters.createdByUserId),
  );
  kept.sort((a, b) => createdMicros(a) - createdMicros(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (newestFirst) kept.reverse();
  return kept.map((row) => row.id);
}

const FILTERS: MirrorFilters[] = [{}, { statuses: ["COMPLETE", "FAILED"] }, { companyId: "company-1" }];

describe("deep pages from anchors (sqlite)", () => {
  let app: AppDatabase;
  const world = new Map<string, Migration>();
  const next = seeded(7);
  let clock = Date.UTC(2026, 0, 1);

  async function observe(rows: Migration[]) {
    for (let i = 0; i < rows.length; i += 500) {
      await recordObservedMigrations(app.db, rows.slice(i, i + 500), { source: "sync", nowMs: clock++ });
    }
    for (const row of rows) world.set(row.id, row);
  }

  async function expectAllPagesMatch(pageSize: number) {
    for (const filters of FILTERS) {
      const counts = await countMirroredByStatus(app.db, filters);
      const total = (filters.statuses ?? Object.keys(counts)).reduce((sum, status) => sum + (counts[status] ?? 0), 0);
      for (const newestFirst of [true, false]) {
        const expected = oracleOrder(world.values(), filters, newestFirst);
        expect(total).toBe(expected.length);
        const pages = Math.ceil(total / pageSize) + 1;
        // Every page near anchors and the ends, and a stride through the middle.
        for (let page = 1; page <= pages; page += page * pageSize > DIRECT_OFFSET_LIMIT ? 7 : 1) {
          const rows = await listMirroredMigrations(
            app.db,
            { ...filters, page, pageSize, sort: newestFirst ? "-created" : "created" },
            total,
          );
          expect(
            rows.map((row) => row.id),
            `page ${page} of ${JSON.stringify(filters)} newestFirst=${newestFirst}`,
          ).toEqual(expected.slice((page - 1) * pageSize, page * pageSize));
        }
      }
    }
  }

  beforeAll(async () => {
    app = await testAppDatabase("sqlite");
    clearAnchorCache();
    await observe(Array.from({ length: COUNT }, (_, n) => makeMigration(n, next)));
  }, 120_000);
  afterAll(() => app.close());

  it("match the oracle on every page", async () => {
    await expectAllPagesMatch(97);
  }, 120_000);

  it("grouped by status or company, match the oracle across group boundaries and deep into groups", async () => {
    const newest = oracleOrder(world.values(), {}, true).map((id) => world.get(id) as Migration);
    const byGroup = (key: (row: Migration) => string, keys: string[]) =>
      keys.flatMap((group) => newest.filter((row) => key(row) === group).map((row) => row.id));
    const companyKey = (row: Migration) => row.companyId ?? "~none";
    const oracles = {
      status: byGroup((row) => row.status, ["COMPLETE", "FAILED", "WORKING"]),
      "-status": byGroup((row) => row.status, ["WORKING", "FAILED", "COMPLETE"]),
      company: byGroup(companyKey, ["company-0", "company-1", "~none"]),
      "-company": byGroup(companyKey, ["company-1", "company-0", "~none"]),
    } as const;
    const pageSize = 100;
    for (const [sort, expected] of Object.entries(oracles) as Array<[keyof typeof oracles, string[]]>) {
      for (let page = 1; page <= Math.ceil(expected.length / pageSize); page += 9) {
        const rows = await listMirroredMigrations(app.db, { page, pageSize, sort });
        expect(
          rows.map((row) => row.id),
          `${sort} page ${page}`,
        ).toEqual(expected.slice((page - 1) * pageSize, page * pageSize));
      }
    }
  }, 120_000);

  it("stay exact after new rows at the top, an old row re-filed and an old row removed", async () => {
    await expectAllPagesMatch(100); // builds the anchors
    await observe(Array.from({ length: 250 }, (_, i) => makeMigration(COUNT + i, next)));
    const sorted = oracleOrder(world.values(), {}, false);
    const old = world.get(sorted[ANCHOR_SPACING + 10] as string) as Migration;
    const refiled = { ...old, status: old.status === "FAILED" ? "COMPLETE" : "FAILED", companyId: "company-1" };
    await observe([refiled]);
    const removedId = sorted[2 * ANCHOR_SPACING + 3] as string;
    await recordRemovedMigrations(app.db, [removedId], { source: "sync", nowMs: clock++ });
    world.delete(removedId);
    await expectAllPagesMatch(100);
  }, 120_000);
});
