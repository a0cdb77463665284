import { describe, expect, it } from "vitest";
import type { AppDatabase } from "@/lib/db/connection";
import type { Migration } from "@/lib/migrations/migration";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { seededRandom } from "@/lib/testing/random";
import { mirrorVersion } from "./mirror-version";
import { countMirroredByStatus, countMirroredMigrations, findMirroredMigration, statusHistory } from "./queries";
import { recordObservedMigrations, recordRemovedMigrations } from "./record-observations";
import { BASE_US, createdAt, mirrorTestMigration } from "./testing";
import { onMirrorWrite } from "./write-signal";

const T1 = Date.UTC(2026, 0, 1);

async function rowOf(app: AppDatabase, id: string) {
  return app.db.selectFrom("mirror_migrations").selectAll().where("id", "=", id).executeTakeFirst();
}

/** The counts table as sorted [status, count] pairs, zero counts left out. */
async function countsTable(app: AppDatabase): Promise<Array<[string, number]>> {
  const rows = await app.db.selectFrom("mirror_status_counts").select(["status", "count"]).execute();
  for (const row of rows) expect(Number(row.count), `count of ${row.status}`).toBeGreaterThanOrEqual(0);
  return rows
    .filter((row) => Number(row.count) > 0)
    .map((row): [string, number] => [row.status, Number(row.count)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The same, counted from the rows themselves. */
async function groupByOracle(app: AppDatabase): Promise<Array<[string, number]>> {
  const rows = await app.db
    .selectFrom("mirror_migrations")
    .select((eb) => ["status", eb.fn.countAll<number>().as("n")])
    .groupBy("status")
    .execute();
  return rows
    .map((row): [string, number] => [row.status, Number(row.n)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

const COMPANIES: ReadonlyArray<string | null> = ["company-a", "company-b", null];
const USERS: readonly string[] = ["user-1", "user-2", "user-3"];

function sortedPairs(counts: Map<string, number>): Array<[string, number]> {
  return [...counts].filter(([, n]) => n > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

describe.each(TEST_ENGINES)("recordObservedMigrations (%s)", (engine) => {
  const app = appDatabasePerTest(engine);
  const sync = (nowMs: number, walkGeneration?: number) => ({
    source: "sync" as const,
    nowMs,
    ...(walkGeneration !== undefined ? { walkGeneration } : {}),
  });

  it("counts new, changed and unchanged migrations, listing new and status-changed ids in input order", async () => {
    const a = mirrorTestMigration({ status: "WORKING" });
    const b = mirrorTestMigration({ status: "COMPLETE" });
    expect(await recordObservedMigrations(app().db, [a, b], sync(T1))).toEqual({
      inserted: 2,
      changed: 0,
      unchanged: 0,
      outdated: 0,
      changedIds: [a.id, b.id],
    });

    const c = mirrorTestMigration({ status: "NOT_STARTED" });
    expect(await recordObservedMigrations(app().db, [b, { ...a, status: "COMPLETE" }, c], sync(T1 + 1))).toEqual({
      inserted: 1,
      changed: 1,
      unchanged: 1,
      outdated: 0,
      changedIds: [a.id, c.id],
    });

    // Another field changing is a change, but not a status change.
    expect(await recordObservedMigrations(app().db, [{ ...b, companyId: null }], sync(T1 + 2))).toEqual({
      inserted: 0,
      changed: 1,
      unchanged: 0,
      outdated: 0,
      changedIds: [],
    });
    expect((await rowOf(app(), b.id))?.company_id).toBeNull();

    expect(await recordObservedMigrations(app().db, [], sync(T1 + 3))).toEqual({
      inserted: 0,
      changed: 0,
      unchanged: 0,
      outdated: 0,
      changedIds: [],
    });
    expect(await countsTable(app())).toEqual([
      ["COMPLETE", 2],
      ["NOT_STARTED", 1],
    ]);
  });

  it("signals a write that changed what is listed, and moves the mirror's version; a repeat of the same rows does neither", async () => {
    let signals = 0;
    const stop = onMirrorWrite(() => signals++);
    try {
      const a = mirrorTestMigration({ status: "WORKING" });
      expect(await mirrorVersion(app().db)).toBe(0);
      await recordObservedMigrations(app().db, [a], sync(T1));
      const afterInsert = await mirrorVersion(app().db);
      expect([signals, afterInsert > 0]).toEqual([1, true]);
      await recordObservedMigrations(app().db, [a], sync(T1 + 1_000));
      expect([signals, await mirrorVersion(app().db)]).toEqual([1, afterInsert]);
      await recordObservedMigrations(app().db, [{ ...a, status: "FAILED" }], sync(T1 + 2_000));
      const afterChange = await mirrorVersion(app().db);
      expect([signals, afterChange > afterInsert]).toEqual([2, true]);
      expect(await recordRemovedMigrations(app().db, [a.id], sync(T1 + 3_000))).toBe(1);
      expect([signals, (await mirrorVersion(app().db)) > afterChange]).toEqual([3, true]);
      expect(await recordRemovedMigrations(app().db, [a.id], sync(T1 + 4_000))).toBe(0);
      expect(signals).toBe(3);
    } finally {
      stop();
    }
  });

  it("stores ids in lower case and treats the same id in another case as the same migration", async () => {
    const upper = mirrorTestMigration({ id: "ABCDEF01-2345-4678-89AB-CDEF01234567", status: "WORKING" });
    await recordObservedMigrations(app().db, [upper], sync(T1));
    const lower = { ...upper, id: upper.id.toLowerCase(), status: "COMPLETE" };
    expect(await recordObservedMigrations(app().db, [lower], sync(T1 + 1))).toMatchObject({
      inserted: 0,
      changed: 1,
      changedIds: [lower.id],
    });
    const ids = await app().db.selectFrom("mirror_migrations").select("id").execute();
    expect(ids).toEqual([{ id: lower.id }]);
    expect((await findMirroredMigration(app().db, upper.id))?.migration.status).toBe("COMPLETE");
  });

  it("keeps every status change in order with its source: from null at first sight, to null on removal", async () => {
    const m = mirrorTestMigration({ status: "NOT_STARTED" });
    await recordObservedMigrations(app().db, [m], sync(T1));
    await recordObservedMigrations(app().db, [{ ...m, status: "WORKING" }], { source: "read-through", nowMs: T1 + 10 });
    await recordObservedMigrations(app().db, [{ ...m, status: "WORKING" }], sync(T1 + 20));
    await recordObservedMigrations(
      app().db,
      [{ ...m, companyId: "company000000002", status: "WORKING" }],
      sync(T1 + 25),
    );
    await recordObservedMigrations(app().db, [{ ...m, status: "COMPLETE" }], sync(T1 + 30));
    expect(await recordRemovedMigrations(app().db, [m.id], { source: "sync", nowMs: T1 + 40 })).toBe(1);
    const expected = [
      { from: null, to: "NOT_STARTED", observedMs: T1, source: "sync" },
      { from: "NOT_STARTED", to: "WORKING", observedMs: T1 + 10, source: "read-through" },
      { from: "WORKING", to: "COMPLETE", observedMs: T1 + 30, source: "sync" },
      { from: "COMPLETE", to: null, observedMs: T1 + 40, source: "sync" },
    ];
    expect(await statusHistory(app().db, m.id)).toEqual(expected);
    expect(await findMirroredMigration(app().db, m.id)).toBeUndefined();

    // Seen again after removal: a first sight again, the history continuing after the removal.
    await recordObservedMigrations(app().db, [{ ...m, status: "FAILED" }], sync(T1 + 50));
    expect(await statusHistory(app().db, m.id)).toEqual([
      ...expected,
      { from: null, to: "FAILED", observedMs: T1 + 50, source: "sync" },
    ]);
    expect(await statusHistory(app().db, m.id, 2)).toEqual(expected.slice(0, 2));
  });

  it("writes no history row for a first sighting (the row implies it), with the source it was seen by", async () => {
    const a = mirrorTestMigration({ status: "WORKING" });
    const b = mirrorTestMigration({ status: "COMPLETE" });
    await recordObservedMigrations(app().db, [a], sync(T1));
    await recordObservedMigrations(app().db, [b], { source: "read-through", nowMs: T1 + 5 });
    const stored = await app().db.selectFrom("mirror_status_changes").selectAll().execute();
    expect(stored).toEqual([]);
    expect(await statusHistory(app().db, a.id)).toEqual([
      { from: null, to: "WORKING", observedMs: T1, source: "sync" },
    ]);
    expect(await statusHistory(app().db, b.id)).toEqual([
      { from: null, to: "COMPLETE", observedMs: T1 + 5, source: "read-through" },
    ]);
    // The first sighting stays the status it had then, not the current one.
    await recordObservedMigrations(app().db, [{ ...a, status: "FAILED" }], sync(T1 + 10));
    expect((await statusHistory(app().db, a.id)).map((change) => [change.from, change.to])).toEqual([
      [null, "WORKING"],
      ["WORKING", "FAILED"],
    ]);
  });

  it("does not double a first sighting written out as a history row (rows mirrored before it was implied)", async () => {
    const m = mirrorTestMigration({ status: "WORKING" });
    await recordObservedMigrations(app().db, [m], sync(T1));
    // As an older version left it: an explicit first row, and no source on the mirrored row.
    await app().db.updateTable("mirror_migrations").set({ first_seen_source: null }).execute();
    await app()
      .db.insertInto("mirror_status_changes")
      .values({ migration_id: m.id, from_status: null, to_status: "WORKING", observed_ms: T1, source: "sync" })
      .execute();
    await recordObservedMigrations(app().db, [{ ...m, status: "COMPLETE" }], sync(T1 + 10));
    expect((await statusHistory(app().db, m.id)).map((change) => [change.from, change.to])).toEqual([
      [null, "WORKING"],
      ["WORKING", "COMPLETE"],
    ]);
    await recordRemovedMigrations(app().db, [m.id], { source: "sync", nowMs: T1 + 20 });
    expect((await statusHistory(app().db, m.id)).map((change) => [change.from, change.to])).toEqual([
      [null, "WORKING"],
      ["WORKING", "COMPLETE"],
      ["COMPLETE", null],
    ]);
  });

  it("keeps histories of migrations observed together apart", async () => {
    const a = mirrorTestMigration({ status: "WORKING" });
    const b = mirrorTestMigration({ status: "WORKING" });
    await recordObservedMigrations(app().db, [a, b], sync(T1));
    await recordObservedMigrations(
      app().db,
      [
        { ...b, status: "FAILED" },
        { ...a, status: "COMPLETE" },
      ],
      sync(T1 + 1),
    );
    expect((await statusHistory(app().db, a.id)).map((change) => change.to)).toEqual(["WORKING", "COMPLETE"]);
    expect((await statusHistory(app().db, b.id)).map((change) => change.to)).toEqual(["WORKING", "FAILED"]);
  });

  it("sets first and last seen, and status_since only when the status changes", async () => {
    const m = mirrorTestMigration({ status: "WORKING" });
    const seen = async () => {
      const found = await findMirroredMigration(app().db, m.id);
      return { first: found?.firstSeenMs, last: found?.lastSeenMs, since: found?.statusSinceMs };
    };
    await recordObservedMigrations(app().db, [m], sync(T1));
    expect(await seen()).toEqual({ first: T1, last: T1, since: undefined });
    expect((await rowOf(app(), m.id))?.status_since_ms).toBeNull();

    await recordObservedMigrations(app().db, [m], sync(T1 + 100));
    expect(await seen()).toEqual({ first: T1, last: T1 + 100, since: undefined });

    await recordObservedMigrations(app().db, [{ ...m, createdByUserId: "user0000000000002" }], sync(T1 + 200));
    expect(await seen()).toEqual({ first: T1, last: T1 + 200, since: undefined });

    await recordObservedMigrations(app().db, [{ ...m, status: "COMPLETE" }], sync(T1 + 300));
    expect(await seen()).toEqual({ first: T1, last: T1 + 300, since: T1 + 300 });

    await recordObservedMigrations(app().db, [{ ...m, status: "COMPLETE" }], sync(T1 + 400));
    await recordObservedMigrations(app().db, [{ ...m, status: "COMPLETE", companyId: null }], sync(T1 + 500));
    expect(await seen()).toEqual({ first: T1, last: T1 + 500, since: T1 + 300 });

    await recordObservedMigrations(app().db, [{ ...m, status: "FAILED" }], sync(T1 + 600));
    expect(await seen()).toEqual({ first: T1, last: T1 + 600, since: T1 + 600 });
  });

  it("stores every field as sent, and a change to any of them", async () => {
    const m = mirrorTestMigration({ createdUs: BASE_US, companyId: null });
    await recordObservedMigrations(app().db, [m], sync(T1));
    expect((await findMirroredMigration(app().db, m.id))?.migration).toEqual(m);
    const moved = { ...m, ...createdAt(BASE_US + 1), companyId: "company000000009", createdByUserId: "u2" };
    expect(await recordObservedMigrations(app().db, [moved], sync(T1 + 1))).toMatchObject({ changed: 1 });
    expect((await findMirroredMigration(app().db, m.id))?.migration).toEqual(moved);
    expect(await rowOf(app(), m.id)).toMatchObject({ object: "migration", created_us: BASE_US + 1 });
  });

  it("records the walk that last saw each row; observations outside a walk leave it alone", async () => {
    const a = mirrorTestMigration({ status: "WORKING" });
    const b = mirrorTestMigration({ status: "WORKING" });
    const generation = async (id: string) => Number((await rowOf(app(), id))?.walk_generation);

    await recordObservedMigrations(app().db, [a], sync(T1, 2));
    await recordObservedMigrations(app().db, [b], { source: "read-through", nowMs: T1 });
    expect([await generation(a.id), await generation(b.id)]).toEqual([2, 0]);

    // Head reads and read-through carry no generation: unchanged or changed, the row keeps its own.
    await recordObservedMigrations(app().db, [a], sync(T1 + 1));
    await recordObservedMigrations(app().db, [{ ...a, status: "COMPLETE" }], sync(T1 + 2));
    expect(await generation(a.id)).toBe(2);

    // The next walk sees both: unchanged or changed, both now carry its generation.
    await recordObservedMigrations(
      app().db,
      [
        { ...a, status: "COMPLETE" },
        { ...b, status: "FAILED" },
      ],
      sync(T1 + 3, 3),
    );
    expect([await generation(a.id), await generation(b.id)]).toEqual([3, 3]);
    await recordObservedMigrations(
      app().db,
      [
        { ...a, status: "COMPLETE" },
        { ...b, status: "CANCELLED" },
      ],
      sync(T1 + 4, 4),
    );
    expect([await generation(a.id), await generation(b.id)]).toEqual([4, 4]);

    // After the sync state is lost the walks count from 1 again: whatever a row's status, its
    // generation is the walk that saw it last, so the walk's end can tell which rows it missed.
    await recordObservedMigrations(
      app().db,
      [
        { ...a, status: "COMPLETE" },
        { ...b, status: "FAILED" },
      ],
      sync(T1 + 5, 1),
    );
    expect([await generation(a.id), await generation(b.id)]).toEqual([1, 1]);
  });

  it("records a migration listed twice in one batch once, as first listed (ids compared in lower case)", async () => {
    const m = mirrorTestMigration({ status: "WORKING" });
    const result = await recordObservedMigrations(
      app().db,
      [m, { ...m, status: "COMPLETE" }, { ...m, id: m.id.toUpperCase(), status: "FAILED" }],
      sync(T1),
    );
    expect(result).toEqual({ inserted: 1, changed: 0, unchanged: 0, outdated: 0, changedIds: [m.id] });
    expect(await countsTable(app())).toEqual([["WORKING", 1]]);
    expect(await statusHistory(app().db, m.id)).toHaveLength(1);

    const again = await recordObservedMigrations(
      app().db,
      [{ ...m, status: "COMPLETE" }, m, { ...m, status: "COMPLETE" }],
      sync(T1 + 1),
    );
    expect(again).toEqual({ inserted: 0, changed: 1, unchanged: 0, outdated: 0, changedIds: [m.id] });
    expect(await countsTable(app())).toEqual([["COMPLETE", 1]]);
    expect((await statusHistory(app().db, m.id)).map((change) => change.to)).toEqual(["WORKING", "COMPLETE"]);
  });

  it("never lets an answer older than the last observation move a row back (it still counts as seen by the walk)", async () => {
    const m = mirrorTestMigration({ status: "WORKING" });
    await recordObservedMigrations(app().db, [m], sync(T1, 1));
    // The head saw it finish at T1 + 10; a walk page asked for at T1 + 5 arrives afterwards, still saying WORKING.
    await recordObservedMigrations(app().db, [{ ...m, status: "COMPLETE" }], sync(T1 + 10));
    const late = await recordObservedMigrations(app().db, [m], sync(T1 + 5, 2));
    expect(late).toEqual({ inserted: 0, changed: 0, unchanged: 0, outdated: 1, changedIds: [] });
    const row = await rowOf(app(), m.id);
    expect(row?.status).toBe("COMPLETE");
    expect(Number(row?.last_seen_ms)).toBe(T1 + 10);
    expect(Number(row?.walk_generation)).toBe(2);
    expect((await statusHistory(app().db, m.id)).map((change) => change.to)).toEqual(["WORKING", "COMPLETE"]);
    expect(await countsTable(app())).toEqual([["COMPLETE", 1]]);
  });

  it("writes batches larger than one statement may bind (several thousand rows) in one go", async () => {
    const batch = Array.from({ length: 2_500 }, (_, i) =>
      mirrorTestMigration({ status: i % 2 ? "COMPLETE" : "FAILED", createdByUserId: `user-${i % 700}` }),
    );
    const result = await recordObservedMigrations(app().db, batch, sync(T1, 1));
    expect(result.inserted).toBe(2_500);
    expect(await countsTable(app())).toEqual([
      ["COMPLETE", 1_250],
      ["FAILED", 1_250],
    ]);
    const again = await recordObservedMigrations(app().db, batch, sync(T1 + 1, 2));
    expect(again.unchanged).toBe(2_500);
    const generations = await app()
      .db.selectFrom("mirror_migrations")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("walk_generation", "=", 2)
      .executeTakeFirst();
    expect(Number(generations?.n)).toBe(2_500);
  });

  it("writes nothing when one row of the batch cannot be stored", async () => {
    const a = mirrorTestMigration({ status: "WORKING" });
    await recordObservedMigrations(app().db, [a], sync(T1));
    const broken: Migration = { ...mirrorTestMigration(), created: "not a time" };
    const fresh = mirrorTestMigration({ status: "NOT_STARTED" });
    await expect(
      recordObservedMigrations(app().db, [{ ...a, status: "COMPLETE" }, fresh, broken], sync(T1 + 1)),
    ).rejects.toThrow();
    expect(await countsTable(app())).toEqual([["WORKING", 1]]);
    expect((await findMirroredMigration(app().db, a.id))?.migration.status).toBe("WORKING");
    expect(await findMirroredMigration(app().db, fresh.id)).toBeUndefined();
    expect(await statusHistory(app().db, a.id)).toHaveLength(1);
  });

  it("lets concurrent writers take turns: each new row inserted once, each change and removal counted once", async () => {
    // Several rounds: by the second one the PostgreSQL pool has a connection per writer, so they overlap.
    for (let round = 0; round < 4; round++) {
      const fresh = mirrorTestMigration({ status: "WORKING" });
      const known = mirrorTestMigration({ status: "WORKING" });
      await recordObservedMigrations(app().db, [known], sync(T1));
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          recordObservedMigrations(app().db, [fresh, { ...known, status: "COMPLETE" }], {
            source: i % 2 === 0 ? "sync" : "read-through",
            nowMs: T1 + 1,
          }),
        ),
      );
      expect(results.reduce((sum, result) => sum + result.inserted, 0)).toBe(1);
      expect(results.reduce((sum, result) => sum + result.changed, 0)).toBe(1);
      expect(results.reduce((sum, result) => sum + result.unchanged, 0)).toBe(10);
      const removed = await Promise.all(
        Array.from({ length: 4 }, () =>
          recordRemovedMigrations(app().db, [fresh.id], { source: "sync", nowMs: T1 + 2 }),
        ),
      );
      expect(removed.reduce((sum, n) => sum + n, 0)).toBe(1);

      expect(await countsTable(app())).toEqual(await groupByOracle(app()));
      expect((await statusHistory(app().db, known.id)).map((change) => [change.from, change.to])).toEqual([
        [null, "WORKING"],
        ["WORKING", "COMPLETE"],
      ]);
      expect((await statusHistory(app().db, fresh.id)).map((change) => [change.from, change.to])).toEqual([
        [null, "WORKING"],
        ["WORKING", null],
      ]);
    }
    expect(await countsTable(app())).toEqual([["COMPLETE", 4]]);
  });

  it("removes only migrations it has, each once, by id in any case", async () => {
    const a = mirrorTestMigration({ status: "WORKING" });
    const b = mirrorTestMigration({ status: "WORKING" });
    const c = mirrorTestMigration({ id: "abcdef01-2345-4678-89ab-cdef01234567", status: "COMPLETE" });
    await recordObservedMigrations(app().db, [a, b, c], sync(T1));
    const unknown = mirrorTestMigration().id;
    expect(await recordRemovedMigrations(app().db, [], { source: "sync", nowMs: T1 + 1 })).toBe(0);
    expect(await recordRemovedMigrations(app().db, [unknown], { source: "sync", nowMs: T1 + 1 })).toBe(0);
    expect(
      await recordRemovedMigrations(app().db, [a.id, a.id, unknown, c.id.toUpperCase()], {
        source: "sync",
        nowMs: T1 + 2,
      }),
    ).toBe(2);
    expect(await countsTable(app())).toEqual([["WORKING", 1]]);
    expect(await countMirroredMigrations(app().db)).toBe(1);
    expect(await statusHistory(app().db, a.id)).toHaveLength(2);
    expect((await statusHistory(app().db, c.id)).at(-1)).toEqual({
      from: "COMPLETE",
      to: null,
      observedMs: T1 + 2,
      source: "sync",
    });
    expect(await statusHistory(app().db, unknown)).toEqual([]);
  });

  it.each([1, 2, 3])(
    "keeps the counts equal to the rows through random observations and removals (seed %i)",
    async (seed) => {
      const random = seededRandom(seed);
      const statuses = ["NOT_STARTED", "WORKING", "COMPLETE", "FAILED", "__proto__", "constructor"];
      const ids = Array.from({ length: 30 }, () => random.uuid());
      /** What the mirror must hold: id → status, kept by the test from what it sent. */
      const model = new Map<string, Migration>();
      let nowMs = T1;

      for (let step = 0; step < 40; step++) {
        nowMs += 1_000;
        if (random.next() < 0.25) {
          const removed = Array.from({ length: 1 + random.int(5) }, () => random.pick(ids));
          const expectedRemoved = new Set(removed.filter((id) => model.has(id))).size;
          const count = await recordRemovedMigrations(app().db, removed, { source: "sync", nowMs });
          expect(count).toBe(expectedRemoved);
          for (const id of removed) model.delete(id);
        } else {
          const batch = Array.from({ length: 1 + random.int(10) }, (): Migration => {
            const id = random.pick(ids);
            const known = model.get(id);
            const base =
              known ??
              mirrorTestMigration({
                id,
                createdUs: BASE_US - random.int(1_000),
                companyId: random.pick(COMPANIES),
                createdByUserId: random.pick(USERS),
              });
            // Now and then a row is re-filed under another company: its counts move with it.
            const companyId = random.next() < 0.1 ? random.pick(COMPANIES) : base.companyId;
            return { ...base, companyId, status: random.next() < 0.5 ? random.pick(statuses) : base.status };
          });
          const firstOfEach = new Map<string, Migration>();
          for (const migration of batch) if (!firstOfEach.has(migration.id)) firstOfEach.set(migration.id, migration);
          const expected = { inserted: 0, changed: 0, unchanged: 0, outdated: 0, changedIds: [] as string[] };
          for (const migration of firstOfEach.values()) {
            const before = model.get(migration.id);
            if (!before) {
              expected.inserted++;
              expected.changedIds.push(migration.id);
            } else if (before.status !== migration.status) {
              expected.changed++;
              expected.changedIds.push(migration.id);
            } else if (before.companyId !== migration.companyId) {
              // Re-filed without a status change: updated, but no history entry.
              expected.changed++;
            } else expected.unchanged++;
            model.set(migration.id, migration);
          }
          const walkGeneration = random.next() < 0.5 ? 1 + random.int(3) : undefined;
          expect(await recordObservedMigrations(app().db, batch, sync(nowMs, walkGeneration))).toEqual(expected);
        }

        const modelCounts = new Map<string, number>();
        for (const migration of model.values()) {
          modelCounts.set(migration.status, (modelCounts.get(migration.status) ?? 0) + 1);
        }
        const table = await countsTable(app());
        expect(table, `step ${step}`).toEqual(await groupByOracle(app()));
        expect(table, `step ${step}`).toEqual(sortedPairs(modelCounts));
        expect(await countMirroredMigrations(app().db)).toBe(model.size);
        expect(Object.entries(await countMirroredByStatus(app().db, {})).sort()).toEqual(sortedPairs(modelCounts));
        // The counts kept per company and per user agree with the model too.
        const owners: Array<[{ companyId?: string; createdByUserId?: string }, (m: Migration) => boolean]> = [
          ...COMPANIES.flatMap((company) =>
            company === null
              ? []
              : [
                  [{ companyId: company }, (m: Migration) => m.companyId === company] as [
                    { companyId: string },
                    (m: Migration) => boolean,
                  ],
                ],
          ),
          ...USERS.map(
            (user) =>
              [{ createdByUserId: user }, (m: Migration) => m.createdByUserId === user] as [
                { createdByUserId: string },
                (m: Migration) => boolean,
              ],
          ),
        ];
        for (const [filter, matches] of owners) {
          const owned = new Map<string, number>();
          for (const migration of model.values()) {
            if (matches(migration)) owned.set(migration.status, (owned.get(migration.status) ?? 0) + 1);
          }
          expect(
            Object.entries(await countMirroredByStatus(app().db, filter)).sort(),
            `step ${step} ${JSON.stringify(filter)}`,
          ).toEqual(sortedPairs(owned));
        }
      }

      for (const id of ids) {
        const last = (await statusHistory(app().db, id)).at(-1);
        expect(last?.to ?? null, id).toBe(model.get(id)?.status ?? null);
      }
    },
  );
});
