import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmbeddedDatabase } from "@/lib/embedded-api/database";
import type { MigrationRecord } from "@/lib/embedded-api/migrations-store";
import { expectedOrder, insertRows, makeOrg, memoryDatabase, type Row, T0_US } from "@/lib/embedded-api/testing";
import { InvalidListParamError, parseMigrationListParams } from "@/lib/migrations/list-params";
import { DOCUMENTED_STATUSES } from "@/lib/migrations/statuses";
import type { MigrationListView } from "@/lib/migrations/views";
import { createUpstreamClient } from "@/lib/upstream/client";
import { EMBEDDED_BASE_URL } from "@/lib/upstream/config";
import { createEmbeddedFetch } from "@/lib/upstream/embedded-fetch";
import { listMigrationView } from "./list-view";
import { MigrationIndex } from "./migration-index";
import type { UpstreamAccess } from "./upstream-access";
import { walkAllMigrations } from "./walk-upstream";

/**
 * The list view against the real embedded Migrations API, in process: once as the documented
 * contract only (strict: filters ignored upstream, so the index must answer filtered views), and
 * once with the filter extensions (answered by the upstream directly where it can).
 */

/** A stored record as the test expects to see it: its status may be one the store's types do not know. */
type Expected = Omit<MigrationRecord, "status"> & { status: string };

const COMPANIES = ["company-a", "company-b", null] as const;
const USERS = ["user-1", "user-2", "user-3"] as const;

/** A small deterministic generator (LCG): the same world on every run. */
function seeded(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return (state >>> 8) % below;
  };
}

interface World {
  db: EmbeddedDatabase;
  key: string;
  records: Expected[];
  otherOrgIds: Set<string>;
}

function buildWorld(): World {
  const db = memoryDatabase();
  const alpha = makeOrg(db, "alpha");
  const beta = makeOrg(db, "beta");
  // 137 rows: two walk pages of 100; groups of three share a `created` (ties broken by id), and
  // statuses, companies and users come from a seeded generator so that filters combine unevenly.
  const next = seeded(20251202);
  const specs: Array<Partial<Row>> = Array.from({ length: 137 }, (_, i) => ({
    createdUs: T0_US - Math.floor(i / 3) * 1_000_000,
    status: DOCUMENTED_STATUSES[next(DOCUMENTED_STATUSES.length)] as Row["status"],
    companyId: COMPANIES[next(COMPANIES.length)] as string | null,
    createdByUserId: USERS[next(USERS.length)] as string,
  }));
  // Insert in a scrambled order so that insertion order is not the answer.
  const scrambled = specs.map((_, i) => specs[(i * 31) % specs.length] as Partial<Row>);
  const records: Expected[] = insertRows(db, alpha.org, scrambled).map((r) => ({ ...r }));

  // An unknown status (one with a company, one without) and a reference-only status, straight into the DB.
  const setStatus = (record: Expected, status: string) => {
    db.prepare("UPDATE migrations SET status = ? WHERE id = ?").run(status, record.id);
    record.status = status;
  };
  const withCompanyA = records.filter((r) => r.companyId === "company-a");
  const withoutCompany = records.filter((r) => r.companyId === null);
  setStatus(withCompanyA[3] as Expected, "NEW_THING");
  setStatus(withoutCompany[5] as Expected, "NEW_THING");
  setStatus(withoutCompany[8] as Expected, "NOT_READY");

  // Another organization's migrations, newer than all of alpha's: never in alpha's views.
  const others = insertRows(
    db,
    beta.org,
    Array.from({ length: 7 }, (_, i) => ({ createdUs: T0_US + (i + 1) * 1_000_000, status: "FAILED" as const })),
  );
  return { db, key: alpha.key, records, otherOrgIds: new Set(others.map((r) => r.id)) };
}

function accessFor(world: World, strict: boolean, supportsFilters: boolean): UpstreamAccess {
  const client = createUpstreamClient({
    baseUrl: EMBEDDED_BASE_URL,
    apiKey: world.key,
    fetch: createEmbeddedFetch({ db: world.db, strict }),
  });
  return {
    settings: { mode: "embedded", baseUrl: EMBEDDED_BASE_URL, apiKey: world.key, timeoutMs: 10_000, supportsFilters },
    client,
    index: new MigrationIndex(() => walkAllMigrations(client), 60_000),
  };
}

/** What the view must show, computed from the inserted rows alone. */
function expected(world: World, query: string) {
  const params = parseMigrationListParams(new URLSearchParams(query));
  const owned = expectedOrder(world.records).filter(
    (r) =>
      (params.companyId === undefined || r.companyId === params.companyId) &&
      (params.createdByUserId === undefined || r.createdByUserId === params.createdByUserId),
  );
  const counts: Record<string, number> = {};
  for (const r of owned) counts[r.status] = (counts[r.status] ?? 0) + 1;
  const matching = params.statuses.length === 0 ? owned : owned.filter((r) => params.statuses.includes(r.status));
  const ordered = params.sort === "-created" ? matching : [...matching].reverse();
  const start = (params.page - 1) * params.pageSize;
  return {
    params,
    ids: ordered.slice(start, start + params.pageSize).map((r) => r.id),
    total: matching.length,
    counts,
  };
}

async function view(access: UpstreamAccess, query: string): Promise<MigrationListView> {
  return listMigrationView(access, parseMigrationListParams(new URLSearchParams(query)));
}

/** Queries every mode must answer exactly; the last value is whether the filter-capable mode reads the upstream. */
const QUERIES: Array<[string, boolean]> = [
  ["", true],
  ["page_size=10", true],
  ["page=2&page_size=10", true],
  ["page=6&page_size=25", true],
  ["page=99", true],
  ["sort=created", false],
  ["sort=created&page=3&page_size=10", false],
  ["sort=created&page=6&page_size=25", false],
  ["status=FAILED", true],
  ["status=FAILED&page=2&page_size=10", true],
  ["status=FAILED,COMPLETE&company_id=company-a", true],
  ["status=WORKING&status=PENDING_USER_INPUT&created_by_user_id=user-2", true],
  ["company_id=company-a&page=2&page_size=10", true],
  ["company_id=company-b&created_by_user_id=user-3", true],
  ["created_by_user_id=user-1&sort=created&page_size=10", false],
  ["status=NOT_READY", true],
  ["status=LOGIN_ABANDONED", true],
  ["status=NEW_THING", false],
  ["status=NEW_THING,FAILED&page_size=10", false],
  ["status=NEW_THING&company_id=company-a", false],
  ["status=NEW_THING&sort=created", false],
  ["status=COMPLETE&sort=created&page=2&page_size=10", false],
  ["status=SOMETHING_ELSE", false],
  ["company_id=no-such-company", true],
  ["status=FAILED&company_id=company-a&created_by_user_id=user-3&page_size=10", true],
];

const MODES = [
  {
    name: "documented contract only (strict upstream, supportsFilters false)",
    strict: true,
    supportsFilters: false,
    // Only the unfiltered newest-first first page can come from the upstream as it is.
    source: (query: string) => {
      const p = parseMigrationListParams(new URLSearchParams(query));
      const unfiltered = p.statuses.length === 0 && p.companyId === undefined && p.createdByUserId === undefined;
      return unfiltered && p.page === 1 && p.sort === "-created" ? "upstream" : "index";
    },
  },
  {
    name: "filter extensions (non-strict upstream, supportsFilters true)",
    strict: false,
    supportsFilters: true,
    source: (query: string) => (QUERIES.find(([q]) => q === query)?.[1] ? "upstream" : "index"),
  },
] as const;

describe.each(MODES)("listMigrationView, $name", ({ strict, supportsFilters, source }) => {
  let world: World;
  let access: UpstreamAccess;

  beforeAll(() => {
    world = buildWorld();
    access = accessFor(world, strict, supportsFilters);
  });
  afterAll(() => {
    world.db.close();
  });

  it.each(QUERIES.map(([query]) => [query || "(no query)", query]))("answers %s exactly", async (_label, query) => {
    const want = expected(world, query);
    const got = await view(access, query);
    expect(got.data.map((m) => m.id)).toEqual(want.ids);
    expect(got.total).toBe(want.total);
    expect(got.counts).toEqual(want.counts);
    expect(got.page).toBe(want.params.page);
    expect(got.page_size).toBe(want.params.pageSize);
    expect(got.source).toBe(source(query));
    expect(Number.isNaN(Date.parse(got.as_of))).toBe(false);
    for (const m of got.data) expect(world.otherOrgIds.has(m.id)).toBe(false);
  });

  it("counts every status of the organization, the unknown one included", async () => {
    const got = await view(access, "");
    const counts = expected(world, "").counts;
    expect(got.counts).toEqual(counts);
    expect(got.counts.NEW_THING).toBe(2);
    expect(got.counts.NOT_READY).toBe(1);
    expect(Object.values(got.counts).reduce((a, b) => a + b, 0)).toBe(137);
    expect(got.total).toBe(137);
  });

  it("never drops the unknown status or the migration without a company", async () => {
    const all = await view(access, "page_size=100&sort=created");
    const second = await view(access, "page_size=100&sort=created&page=2");
    const rows = [...all.data, ...second.data];
    expect(rows).toHaveLength(137);
    const unknown = rows.filter((m) => m.status === "NEW_THING");
    expect(unknown).toHaveLength(2);
    expect(unknown.filter((m) => m.companyId === null)).toHaveLength(1);
    expect(rows.filter((m) => m.companyId === null)).toHaveLength(
      world.records.filter((r) => r.companyId === null).length,
    );
  });

  it("shows a migration's fields as the app's Migration", async () => {
    const got = await view(access, "status=NEW_THING");
    const want = world.records.find((r) => r.status === "NEW_THING" && r.companyId === null) as Expected;
    const row = got.data.find((m) => m.id === want.id);
    expect(row).toBeDefined();
    expect(row?.companyId).toBeNull();
    expect(row?.createdByUserId).toBe(want.createdByUserId);
    expect(row?.created).toBe(new Date(Math.floor(want.createdUs / 1000)).toISOString());
    expect(row?.createdRaw).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
  });

  it("has a world where every company and user meets every documented status (so filters are not vacuous)", () => {
    for (const company of COMPANIES) {
      for (const status of DOCUMENTED_STATUSES) {
        expect(world.records.some((r) => r.companyId === company && r.status === status)).toBe(true);
      }
    }
    for (const user of USERS) {
      for (const status of DOCUMENTED_STATUSES) {
        expect(world.records.some((r) => r.createdByUserId === user && r.status === status)).toBe(true);
      }
    }
  });

  it("gives the index's counts for the company and user filters, not for the status filter", async () => {
    const got = await view(access, "status=FAILED&company_id=company-a");
    expect(got.counts).toEqual(expected(world, "company_id=company-a").counts);
    expect(got.total).toBe(got.counts.FAILED);
  });
});

describe("listMigrationView with parameters the parser refuses", () => {
  it("never gets that far: lower-case statuses are refused by the parser", () => {
    expect(() => parseMigrationListParams(new URLSearchParams("status=failed"))).toThrow(InvalidListParamError);
  });
});

describe("listMigrationView order within one millisecond", () => {
  // `created` carries microseconds; the upstream orders by the full value. Two migrations in the same
  // millisecond must keep the upstream's order in views answered from the index too.
  it("orders migrations of the same millisecond by their microseconds, like the upstream", async () => {
    const db = memoryDatabase();
    const alpha = makeOrg(db, "alpha");
    const msStart = Math.floor(T0_US / 1000) * 1000;
    const older = { id: `ffffffff-${randomUUID().slice(9)}`, createdUs: msStart + 100, status: "FAILED" as const };
    const newer = { id: `00000000-${randomUUID().slice(9)}`, createdUs: msStart + 900, status: "FAILED" as const };
    const records = insertRows(db, alpha.org, [older, newer]);
    const want = expectedOrder(records).map((r) => r.id);
    expect(want).toEqual([newer.id, older.id]);

    try {
      const world: World = { db, key: alpha.key, records, otherOrgIds: new Set() };
      const access = accessFor(world, true, false);
      const direct = await view(access, "");
      expect(direct.source).toBe("upstream");
      expect(direct.data.map((m) => m.id)).toEqual(want);

      const fromIndex = await view(access, "status=FAILED");
      expect(fromIndex.source).toBe("index");
      expect(fromIndex.data.map((m) => m.id)).toEqual(want);
    } finally {
      db.close();
    }
  });
});
