import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AppDatabase } from "@/lib/db/connection";
import { importEntries } from "@/lib/directory/import-entries";
import { randomUuid, seededRandom } from "@/lib/embedded-api/random";
import { formatNaiveUtcMicros } from "@/lib/embedded-api/timestamps";
import { createdRangeUs } from "@/lib/migrations/list-options";
import { InvalidListParamError, parseMigrationListParams } from "@/lib/migrations/list-params";
import type { Migration, MigrationSort } from "@/lib/migrations/migration";
import { DOCUMENTED_STATUSES } from "@/lib/migrations/statuses";
import type { MigrationListView } from "@/lib/migrations/views";
import { recordObservedMigrations, recordRemovedMigrations } from "@/lib/mirror/record-observations";
import { initialSyncState, type SyncState, writeSyncState } from "@/lib/sync/sync-state";
import { openTestDatabase } from "@/lib/sync/test-database";
import { listMigrationView } from "./list-view";

/**
 * The list view reads only the mirror: every answer is checked against an oracle computed from the
 * rows written, for filters, sorts and pages; its freshness comes from the sync state.
 */

const NOW_MS = Date.UTC(2026, 0, 1, 12);
/** 2025-12-02T23:51:49.807119 UTC. */
const T0_US = Date.UTC(2025, 11, 2, 23, 51, 49, 807) * 1000 + 119;

interface Row {
  id: string;
  createdUs: number;
  status: string;
  createdByUserId: string;
  companyId: string | null;
}

function toMigration(row: Row): Migration {
  return {
    id: row.id,
    created: new Date(Math.floor(row.createdUs / 1000)).toISOString(),
    createdRaw: formatNaiveUtcMicros(row.createdUs),
    status: row.status,
    createdByUserId: row.createdByUserId,
    companyId: row.companyId,
  };
}

/** Names the directory holds: company-b and users 2 and 3 have none, so their rows show ids only. */
const COMPANY_NAMES: Record<string, string> = { "company-a": "Zeta Foods" };
const USER_NAMES: Record<string, string> = { "user-1": "Ana Lima" };

/** A row as the list view answers it: with the directory's names, null where it has none. */
function toListRow(row: Row): Migration {
  return {
    ...toMigration(row),
    companyName: row.companyId === null ? null : (COMPANY_NAMES[row.companyId] ?? null),
    createdByUserName: USER_NAMES[row.createdByUserId] ?? null,
  };
}

/** The contract's order, computed independently: created descending, then id descending. */
function newestFirst(rows: readonly Row[]): Row[] {
  return [...rows].sort((a, b) =>
    a.createdUs !== b.createdUs ? b.createdUs - a.createdUs : a.id < b.id ? 1 : a.id > b.id ? -1 : 0,
  );
}

const COMPANIES = ["company-a", "company-b", null] as const;
const USERS = ["user-1", "user-2", "user-3"] as const;

/**
 * 137 rows: groups of three share a `created` (ties broken by id), two share one millisecond; the
 * oldest 37 two days before the rest (for the created range).
 */
function buildRows(): Row[] {
  const random = seededRandom(20251202);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const rows: Row[] = Array.from({ length: 137 }, (_, i) => ({
    id: randomUuid(random),
    createdUs: T0_US - Math.floor(i / 3) * 1_000_000 - (i >= 100 ? 2 * 86_400_000_000 : 0),
    status: pick(DOCUMENTED_STATUSES),
    companyId: pick(COMPANIES),
    createdByUserId: pick(USERS),
  }));
  const withCompanyA = rows.filter((r) => r.companyId === "company-a");
  const withoutCompany = rows.filter((r) => r.companyId === null);
  (withCompanyA[3] as Row).status = "NEW_THING";
  (withoutCompany[5] as Row).status = "NEW_THING";
  (withoutCompany[8] as Row).status = "NOT_READY";
  // Same millisecond, different microseconds, ids in the opposite order.
  const msStart = Math.floor((T0_US + 10_000_000) / 1000) * 1000;
  rows.push(
    { ...(rows[0] as Row), id: "ffffffff-0000-4000-8000-000000000001", createdUs: msStart + 100, status: "FAILED" },
    { ...(rows[0] as Row), id: "00000000-0000-4000-8000-000000000001", createdUs: msStart + 900, status: "FAILED" },
  );
  return rows;
}

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

/** The grouped orders, written out: groups A→Z (or Z→A), newest first within; no company always last. */
function inSortOrder(newest: readonly Row[], sort: MigrationSort): Row[] {
  if (sort === "-created") return [...newest];
  if (sort === "created") return [...newest].reverse();
  const groupOf = (row: Row) =>
    sort === "status" || sort === "-status" ? row.status : row.companyId === null ? null : row.companyId;
  const groups = [...new Set(newest.map(groupOf))];
  const label = (key: string | null) => (key === null ? "" : (COMPANY_NAMES[key] ?? key));
  groups.sort((a, b) => {
    if (sort === "status" || sort === "-status") return (a as string) < (b as string) ? -1 : 1;
    if (a === null || b === null) return a === null ? 1 : -1;
    return collator.compare(label(a), label(b)) || (a < b ? -1 : 1);
  });
  if (sort === "-status") groups.reverse();
  if (sort === "-company")
    groups.splice(0, groups.length, ...groups.filter((g) => g !== null).reverse(), ...groups.filter((g) => g === null));
  return groups.flatMap((group) => newest.filter((row) => groupOf(row) === group));
}

function expected(rows: readonly Row[], query: string) {
  const params = parseMigrationListParams(new URLSearchParams(query));
  const { createdFromUs = Number.NEGATIVE_INFINITY, createdToUs = Number.POSITIVE_INFINITY } = createdRangeUs(params);
  const owned = newestFirst(rows).filter(
    (r) =>
      (params.companyId === undefined || r.companyId === params.companyId) &&
      (params.createdByUserId === undefined || r.createdByUserId === params.createdByUserId) &&
      r.createdUs >= createdFromUs &&
      r.createdUs < createdToUs,
  );
  const counts: Record<string, number> = {};
  for (const r of owned) counts[r.status] = (counts[r.status] ?? 0) + 1;
  const matching = params.statuses.length === 0 ? owned : owned.filter((r) => params.statuses.includes(r.status));
  const ordered = inSortOrder(matching, params.sort);
  const start = (params.page - 1) * params.pageSize;
  return { params, rows: ordered.slice(start, start + params.pageSize), total: matching.length, counts };
}

const QUERIES = [
  "",
  "page_size=10",
  "page=2&page_size=10",
  "page=6&page_size=25",
  "page=2&page_size=100",
  "page=99",
  "sort=created",
  "sort=created&page=3&page_size=10",
  "sort=created&page=6&page_size=25",
  "status=FAILED",
  "status=FAILED&page=2&page_size=10",
  "status=FAILED,COMPLETE&company_id=company-a",
  "status=WORKING&status=PENDING_USER_INPUT&created_by_user_id=user-2",
  "company_id=company-a&page=2&page_size=10",
  "company_id=company-b&created_by_user_id=user-3",
  "created_by_user_id=user-1&sort=created&page_size=10",
  "status=NOT_READY",
  "status=LOGIN_ABANDONED",
  "status=NEW_THING",
  "status=NEW_THING,FAILED&page_size=10",
  "status=NEW_THING&company_id=company-a",
  "status=NEW_THING&sort=created",
  "status=COMPLETE&sort=created&page=2&page_size=10",
  "status=SOMETHING_ELSE",
  "company_id=no-such-company",
  "status=FAILED&company_id=company-a&created_by_user_id=user-3&page_size=10",
  "sort=status",
  "sort=status&page=2&page_size=10",
  "sort=-status&page=3&page_size=25",
  "sort=status&company_id=company-a&page_size=10",
  "sort=-status&status=FAILED,NEW_THING,COMPLETE&page_size=10",
  "sort=company&page_size=100",
  "sort=company&page=2&page_size=25",
  "sort=-company&page=2&page_size=50",
  "sort=-company&page=6&page_size=25",
  "sort=company&status=FAILED,COMPLETE&page_size=10",
  "sort=company&created_by_user_id=user-2&page=2&page_size=10",
  "sort=-company&company_id=company-b",
  "created_from=2025-12-02",
  "created_to=2025-11-30&page_size=10",
  "sort=company&created_from=2025-12-02&page=2&page_size=25",
  "sort=-company&created_to=2025-11-30&page_size=10",
  "sort=-status&created_from=2025-11-30&created_to=2025-11-30&page_size=10",
  "sort=status&status=FAILED,COMPLETE&created_from=2025-12-02",
];

async function view(app: AppDatabase, query: string, nowMs = NOW_MS): Promise<MigrationListView> {
  return listMigrationView(app.db, parseMigrationListParams(new URLSearchParams(query)), nowMs);
}

describe("listMigrationView over the mirror", () => {
  let app: AppDatabase;
  let rows: Row[];

  beforeAll(async () => {
    app = await openTestDatabase();
    rows = buildRows();
    // Written in a scrambled order, in several batches, so insertion order is not the answer.
    const scrambled = rows.map((_, i) => rows[(i * 31) % rows.length] as Row);
    for (let i = 0; i < scrambled.length; i += 40) {
      await recordObservedMigrations(app.db, scrambled.slice(i, i + 40).map(toMigration), {
        source: "sync",
        nowMs: NOW_MS - 60_000,
      });
    }
    await importEntries(
      app.db,
      "companies",
      Object.entries(COMPANY_NAMES).map(([company_id, name]) => ({ company_id, name })),
    );
    await importEntries(
      app.db,
      "users",
      Object.entries(USER_NAMES).map(([user_id, name]) => ({ user_id, name })),
    );
  });
  afterAll(async () => {
    await app.close();
  });

  it.each(QUERIES.map((query) => [query || "(no query)", query]))("answers %s exactly", async (_label, query) => {
    const want = expected(rows, query);
    const got = await view(app, query);
    expect(got.data.map((m) => m.id)).toEqual(want.rows.map((r) => r.id));
    expect(got.data).toEqual(want.rows.map(toListRow));
    expect(got.total).toBe(want.total);
    expect({ ...got.counts }).toEqual(want.counts);
    expect(got.page).toBe(want.params.page);
    expect(got.page_size).toBe(want.params.pageSize);
  });

  it("counts every status, the unknown one included, in a plain object", async () => {
    const got = await view(app, "");
    expect(got.counts.NEW_THING).toBe(2);
    expect(got.counts.NOT_READY).toBe(1);
    expect(got.total).toBe(139);
    // Plain, for React's client props; the hostile `__proto__` case is in the sync engine's tests.
    expect(Object.getPrototypeOf(got.counts)).toBe(Object.prototype);
  });

  it("gives the counts for the company and user filters, not for the status filter", async () => {
    const got = await view(app, "status=FAILED&company_id=company-a");
    expect({ ...got.counts }).toEqual(expected(rows, "company_id=company-a").counts);
    expect(got.total).toBe(got.counts.FAILED);
  });

  it("orders migrations of one millisecond by their microseconds, like the upstream", async () => {
    const got = await view(app, "status=FAILED&page_size=100");
    const a = got.data.findIndex((m) => m.id === "00000000-0000-4000-8000-000000000001");
    const b = got.data.findIndex((m) => m.id === "ffffffff-0000-4000-8000-000000000001");
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBe(b - 1);
    expect(got.data[a]?.createdRaw.slice(-3)).toBe("900");
  });

  it("shows a migration's fields as the app's Migration", async () => {
    const got = await view(app, "status=NEW_THING");
    const want = rows.find((r) => r.status === "NEW_THING" && r.companyId === null) as Row;
    const row = got.data.find((m) => m.id === want.id);
    expect(row).toEqual(toListRow(want));
    expect(row?.createdRaw).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
  });

  it("has a world where every company and user meets every documented status (so filters are not vacuous)", () => {
    for (const company of COMPANIES) {
      for (const status of DOCUMENTED_STATUSES) {
        expect(rows.some((r) => r.companyId === company && r.status === status)).toBe(true);
      }
    }
    for (const user of USERS) {
      for (const status of DOCUMENTED_STATUSES) {
        expect(rows.some((r) => r.createdByUserId === user && r.status === status)).toBe(true);
      }
    }
  });

  it("never gets lower-case statuses: the parser refuses them", () => {
    expect(() => parseMigrationListParams(new URLSearchParams("status=failed"))).toThrow(InvalidListParamError);
  });
});

describe("listMigrationView after changes and removals", () => {
  const opened: AppDatabase[] = [];
  afterEach(async () => {
    for (const app of opened.splice(0)) await app.close();
  });

  it("follows status changes and removals in rows, totals and counts", async () => {
    const app = await openTestDatabase();
    opened.push(app);
    const rows = buildRows();
    await recordObservedMigrations(app.db, rows.map(toMigration), { source: "sync", nowMs: NOW_MS - 5_000 });
    const moved = rows.slice(0, 20).map((r) => ({ ...r, status: "COMPLETE" }));
    await recordObservedMigrations(app.db, moved.map(toMigration), { source: "sync", nowMs: NOW_MS - 3_000 });
    const removed = rows.slice(20, 30);
    await recordRemovedMigrations(
      app.db,
      removed.map((r) => r.id),
      { source: "sync", nowMs: NOW_MS - 1_000 },
    );
    const now = [...moved, ...rows.slice(30)];
    for (const query of ["", "status=COMPLETE", "company_id=company-b&page=2&page_size=10", "sort=created"]) {
      const want = expected(now, query);
      const got = await view(app, query);
      expect(got.data.map((m) => m.id)).toEqual(want.rows.map((r) => r.id));
      expect(got.total).toBe(want.total);
      expect({ ...got.counts }).toEqual(want.counts);
    }
  });
});

describe("listMigrationView freshness", () => {
  let app: AppDatabase;
  beforeAll(async () => {
    app = await openTestDatabase();
  });
  afterAll(async () => {
    await app.close();
  });

  async function withState(state: SyncState | undefined): Promise<MigrationListView> {
    await app.db.deleteFrom("sync_state").execute();
    if (state) await writeSyncState(app.db, state, NOW_MS);
    return view(app, "");
  }

  const iso = (ms: number) => new Date(ms).toISOString();

  it("is starting, partial, and as of now before anything was read", async () => {
    const got = await withState(undefined);
    expect(got.freshness).toEqual({ synced_at: null, state: "starting", partial: true });
    expect(got.as_of).toBe(iso(NOW_MS));
    expect(got.data).toEqual([]);
    expect(got.total).toBe(0);
    expect({ ...got.counts }).toEqual({});
  });

  it("is starting when a state exists but nothing was read yet", async () => {
    const got = await withState(initialSyncState("scope"));
    expect(got.freshness).toEqual({ synced_at: null, state: "starting", partial: true });
  });

  it("is backfilling with progress, rate and time left", async () => {
    const state: SyncState = {
      ...initialSyncState("scope"),
      pageSize: 100,
      lastHeadSuccessMs: NOW_MS - 2_000,
      walk: {
        kind: "backfill",
        generation: 1,
        nextPage: 6,
        startedMs: NOW_MS - 60_000,
        resumedMs: NOW_MS - 10_000,
        rowsRead: 500,
        rowsAtResume: 100,
        estimatedTotal: 2_100,
        pagesDone: false,
      },
    };
    const got = await withState(state);
    expect(got.freshness).toEqual({
      synced_at: iso(NOW_MS - 2_000),
      state: "backfilling",
      partial: true,
      progress: { rows_read: 500, estimated_total: 2_100, rate_per_second: 40, eta_seconds: 40 },
    });
    expect(got.as_of).toBe(iso(NOW_MS - 2_000));
  });

  it("is backfilling without a total or a rate when the upstream gives none and the walk just resumed", async () => {
    const got = await withState({
      ...initialSyncState("scope"),
      walk: {
        kind: "backfill",
        generation: 1,
        nextPage: 2,
        startedMs: NOW_MS - 60_000,
        resumedMs: NOW_MS - 500,
        rowsRead: 100,
        rowsAtResume: 100,
        pagesDone: false,
      },
    });
    expect(got.freshness).toEqual({
      synced_at: null,
      state: "backfilling",
      partial: true,
      progress: { rows_read: 100 },
    });
  });

  it("is current once backfilled and the head was read lately, a reconciliation walk notwithstanding", async () => {
    const state: SyncState = {
      ...initialSyncState("scope"),
      pageSize: 100,
      completedGeneration: 1,
      backfillCompletedMs: NOW_MS - 3_600_000,
      lastHeadSuccessMs: NOW_MS - 4_000,
      recentErrors: [{ atMs: NOW_MS - 100_000, operation: "head", message: "An old failure." }],
      walk: {
        kind: "reconcile",
        generation: 2,
        nextPage: 3,
        startedMs: NOW_MS - 10_000,
        resumedMs: NOW_MS - 10_000,
        rowsRead: 200,
        rowsAtResume: 0,
        pagesDone: false,
      },
    };
    const got = await withState(state);
    expect(got.freshness).toEqual({ synced_at: iso(NOW_MS - 4_000), state: "current", partial: false });
  });

  it("is failing with the latest error after three failures in a row", async () => {
    const got = await withState({
      ...initialSyncState("scope"),
      pageSize: 100,
      backfillCompletedMs: NOW_MS - 3_600_000,
      lastHeadSuccessMs: NOW_MS - 5_000,
      consecutiveFailures: 3,
      recentErrors: [
        { atMs: NOW_MS - 1_000, operation: "head", message: "The Migrations API answered 503." },
        { atMs: NOW_MS - 2_000, operation: "head", message: "The Migrations API answered 502." },
      ],
    });
    expect(got.freshness).toEqual({
      synced_at: iso(NOW_MS - 5_000),
      state: "failing",
      partial: false,
      last_error: { message: "The Migrations API answered 503.", at: iso(NOW_MS - 1_000) },
    });
  });

  it("is failing when the head has not been read for over a minute, even without recorded failures", async () => {
    const got = await withState({
      ...initialSyncState("scope"),
      backfillCompletedMs: NOW_MS - 3_600_000,
      lastHeadSuccessMs: NOW_MS - 61_000,
    });
    expect(got.freshness.state).toBe("failing");
    expect(got.freshness.last_error).toBeUndefined();
    expect(got.as_of).toBe(iso(NOW_MS - 61_000));
  });

  it("is failing while backfilling, and keeps the progress", async () => {
    const got = await withState({
      ...initialSyncState("scope"),
      consecutiveFailures: 4,
      recentErrors: [{ atMs: NOW_MS - 1_000, operation: "walk", message: "The Migrations API answered 500." }],
      walk: {
        kind: "backfill",
        generation: 1,
        nextPage: 3,
        startedMs: NOW_MS - 60_000,
        resumedMs: NOW_MS - 60_000,
        rowsRead: 200,
        rowsAtResume: 0,
        pagesDone: false,
      },
    });
    expect(got.freshness.state).toBe("failing");
    expect(got.freshness.partial).toBe(true);
    expect(got.freshness.progress?.rows_read).toBe(200);
    expect(got.freshness.last_error?.message).toBe("The Migrations API answered 500.");
  });

  it("starts afresh on a state it cannot read", async () => {
    await app.db.deleteFrom("sync_state").execute();
    await app.db.insertInto("sync_state").values({ key: "sync", value: "{not json", updated_ms: NOW_MS }).execute();
    expect((await view(app, "")).freshness.state).toBe("starting");
  });
});
