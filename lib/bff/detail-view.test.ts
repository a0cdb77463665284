import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { AppDatabase } from "@/lib/db/connection";
import { importEntries } from "@/lib/directory/import-entries";
import type { Migration } from "@/lib/migrations/migration";
import { statusHistory } from "@/lib/mirror/queries";
import { recordReportedStatus } from "@/lib/mirror/record-event";
import { recordObservedMigrations } from "@/lib/mirror/record-observations";
import { readThrough } from "@/lib/sync/read-through";
import { initialSyncState, writeSyncState } from "@/lib/sync/sync-state";
import { openTestDatabase } from "@/lib/sync/test-database";
import { manualClock } from "@/lib/sync/testing";
import { UpstreamError } from "@/lib/upstream/errors";
import { BffError } from "./bff-error";
import { type DetailSources, migrationDetailView } from "./detail-view";
import { deferred, fakeClient, migration, tick } from "./testing";

/**
 * The detail view reads the mirror; only an id the mirror has never seen is read through from the
 * upstream (once, however many ask at the same time), and a 404 is remembered for a minute.
 */

const NOW_MS = Date.UTC(2026, 0, 1, 12);
const iso = (ms: number) => new Date(ms).toISOString();

/** Read-through remembers 404s process-wide: every test uses ids of its own. */
let nextId = 1_000;
const freshId = (n = nextId++) => migration(n).id;

let app: AppDatabase;
beforeAll(async () => {
  app = await openTestDatabase();
});
afterAll(async () => {
  await app.close();
});

/** Sources whose read-through goes to a scripted upstream `get`, on the given clock. */
function sourcesWith(get: (id: string) => Promise<Migration>, now: () => number = () => NOW_MS) {
  const { client, state, calls } = fakeClient(async () => ({ migrations: [] }), get);
  const sources: DetailSources = { db: app.db, readThrough: (id) => readThrough(app.db, client, id, now()) };
  return { sources, state, calls };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("migrationDetailView", () => {
  it.each([
    "",
    "abc",
    "../migrations",
    "..%2F..%2Fadmin",
    "00000000-0000-4000-8000-00000000000",
    "00000000-0000-4000-8000-0000000000001",
    "00000000-0000-4000-8000-00000000000g",
    "00000000-0000-4000-8000-000000000001/../x",
    "00000000-0000-4000-8000-000000000001?x=1",
    " 00000000-0000-4000-8000-000000000001",
    "{00000000-0000-4000-8000-000000000001}",
    "00000000000040008000000000000001",
  ])("refuses %j with a 400 naming id, before the mirror or the upstream", async (id) => {
    const readThroughSpy = vi.fn(async () => migration(1));
    const db = { selectFrom: vi.fn() } as unknown as DetailSources["db"];
    const error = await failure(migrationDetailView({ db, readThrough: readThroughSpy }, id));
    expect(error).toBeInstanceOf(BffError);
    expect((error as BffError).status).toBe(400);
    expect((error as BffError).code).toBe("invalid_parameter");
    expect((error as BffError).extra).toEqual({ param: "id" });
    expect((error as BffError).message).toBe("id must be a migration id (a UUID).");
    expect(readThroughSpy).not.toHaveBeenCalled();
    expect(db.selectFrom).not.toHaveBeenCalled();
  });

  it("answers a mirrored migration from the mirror alone, with its history and status_since", async () => {
    const id = freshId();
    const first = migration(7, { id, status: "NOT_STARTED", companyId: null });
    await recordObservedMigrations(app.db, [first], { source: "sync", nowMs: NOW_MS - 30_000 });
    await recordObservedMigrations(app.db, [{ ...first, status: "WORKING" }], {
      source: "sync",
      nowMs: NOW_MS - 20_000,
    });
    await recordObservedMigrations(app.db, [{ ...first, status: "WORKING" }], {
      source: "sync",
      nowMs: NOW_MS - 10_000,
    });
    await writeSyncState(
      app.db,
      {
        ...initialSyncState("scope"),
        backfillCompletedMs: NOW_MS - 3_600_000,
        lastHeadSuccessMs: NOW_MS - 1_000,
      },
      NOW_MS,
    );
    const { sources, state } = sourcesWith(async () => {
      throw new Error("no upstream call expected");
    });
    await importEntries(app.db, "users", [{ user_id: first.createdByUserId, name: "Ana Lima" }]);
    const view = await migrationDetailView(sources, id.toUpperCase(), NOW_MS);
    expect(state.getCalls).toEqual([]);
    // The directory names the user; the company (if any) it does not know, so its id alone shows.
    expect(view.data).toEqual({
      ...first,
      status: "WORKING",
      companyName: null,
      createdByUserName: "Ana Lima",
    });
    expect(view.history).toEqual([
      { from: null, to: "NOT_STARTED", observed_at: iso(NOW_MS - 30_000), source: "sync" },
      { from: "NOT_STARTED", to: "WORKING", observed_at: iso(NOW_MS - 20_000), source: "sync" },
    ]);
    expect(view.status_since).toBe(iso(NOW_MS - 20_000));
    expect(view.first_seen_at).toBe(iso(NOW_MS - 30_000));
    expect(view.as_of).toBe(iso(NOW_MS - 10_000));
    expect(view.freshness).toEqual({ synced_at: iso(NOW_MS - 1_000), state: "current", partial: false });
  });

  it("gives the reason a webhook reported, on the migration and on its change, among the sync's observations", async () => {
    const id = freshId();
    const first = migration(10, { id, status: "WORKING" });
    await recordObservedMigrations(app.db, [first], { source: "sync", nowMs: NOW_MS - 30_000 });
    await recordReportedStatus(app.db, {
      migrationId: id,
      status: "FAILED",
      errorMessage: "The source mailbox is over its quota.",
      eventMs: NOW_MS - 21_000,
      nowMs: NOW_MS - 20_000,
    });
    // The sync sees the same status later: no second change.
    await recordObservedMigrations(app.db, [{ ...first, status: "FAILED" }], {
      source: "sync",
      nowMs: NOW_MS - 10_000,
    });
    const { sources } = sourcesWith(async () => {
      throw new Error("no upstream call expected");
    });
    const view = await migrationDetailView(sources, id, NOW_MS);
    expect(view.data.status).toBe("FAILED");
    expect(view.error_message).toBe("The source mailbox is over its quota.");
    expect(view.history).toEqual([
      { from: null, to: "WORKING", observed_at: iso(NOW_MS - 30_000), source: "sync" },
      {
        from: "WORKING",
        to: "FAILED",
        observed_at: iso(NOW_MS - 20_000),
        source: "webhook",
        error_message: "The source mailbox is over its quota.",
      },
    ]);
    expect(view.status_since).toBe(iso(NOW_MS - 20_000));

    const plain = freshId();
    await recordObservedMigrations(app.db, [migration(11, { id: plain, status: "FAILED" })], {
      source: "sync",
      nowMs: NOW_MS,
    });
    expect((await migrationDetailView(sources, plain, NOW_MS)).error_message).toBeNull();
  });

  it("has no status_since for a migration that kept the status it had at first sight", async () => {
    const id = freshId();
    await recordObservedMigrations(app.db, [migration(8, { id })], { source: "sync", nowMs: NOW_MS - 5_000 });
    const { sources } = sourcesWith(async () => {
      throw new Error("no upstream call expected");
    });
    const view = await migrationDetailView(sources, id, NOW_MS);
    expect(view.status_since).toBeNull();
    expect(view.history).toHaveLength(1);
  });

  it("reads an unknown id through once for five concurrent callers, and stores it as read-through", async () => {
    const id = freshId();
    const upstream = migration(9, { id, status: "WORKING" });
    const gate = deferred<Migration>();
    const { sources, state } = sourcesWith(() => gate.promise);
    const views = Promise.all(Array.from({ length: 5 }, () => migrationDetailView(sources, id, NOW_MS)));
    await tick(5);
    expect(state.getCalls).toEqual([id]);
    gate.resolve(upstream);
    const answered = await views;
    expect(state.getCalls).toEqual([id]);
    for (const view of answered) {
      expect(view.data).toEqual({ ...upstream, companyName: null, createdByUserName: view.data.createdByUserName });
      expect(view.history.map((change) => [change.from, change.to, change.source])).toEqual([
        [null, "WORKING", "read-through"],
      ]);
    }
    const stored = await statusHistory(app.db, id);
    expect(stored.map((change) => change.source)).toEqual(["read-through"]);
    expect(stored[0]?.observedMs).toBe(NOW_MS);
    // Now mirrored: later looks cost the upstream nothing.
    await migrationDetailView(sources, id, NOW_MS);
    expect(state.getCalls).toHaveLength(1);
  });

  it("turns an upstream 404 into a BffError 404, and asks no more for a minute", async () => {
    const id = freshId();
    const clock = manualClock(NOW_MS);
    const { sources, state } = sourcesWith(async () => {
      throw new UpstreamError("not_found", "The Migrations API found no such migration (404).", { status: 404 });
    }, clock.now);
    const first = await failure(migrationDetailView(sources, id, clock.now()));
    expect(first).toBeInstanceOf(BffError);
    expect((first as BffError).status).toBe(404);
    expect((first as BffError).code).toBe("not_found");
    expect(state.getCalls).toHaveLength(1);

    clock.advance(59_000);
    const again = await Promise.all(
      Array.from({ length: 3 }, () => failure(migrationDetailView(sources, id, clock.now()))),
    );
    for (const error of again) expect((error as BffError).status).toBe(404);
    expect(state.getCalls).toHaveLength(1);

    clock.advance(2_000);
    await failure(migrationDetailView(sources, id, clock.now()));
    expect(state.getCalls).toHaveLength(2);
  });

  it("remembers a 404 for one id only", async () => {
    const missing = freshId();
    const present = freshId();
    const { sources, state } = sourcesWith(async (id) => {
      if (id === missing) throw new UpstreamError("not_found", "gone", { status: 404 });
      return migration(0, { id });
    });
    await failure(migrationDetailView(sources, missing, NOW_MS));
    expect((await migrationDetailView(sources, present, NOW_MS)).data.id).toBe(present);
    expect(state.getCalls).toEqual([missing, present]);
  });

  it("lets other upstream trouble through for the error mapping, and does not remember it", async () => {
    const id = freshId();
    const failure503 = new UpstreamError("unavailable", "The Migrations API answered 503.", { status: 503 });
    const { sources, state } = sourcesWith(async () => {
      throw failure503;
    });
    expect(await failure(migrationDetailView(sources, id, NOW_MS))).toBe(failure503);
    expect(await failure(migrationDetailView(sources, id, NOW_MS))).toBe(failure503);
    expect(state.getCalls).toHaveLength(2);
  });

  it("never stores a hostile answer: a 502-class error, and nothing in the mirror", async () => {
    const id = freshId();
    const { sources } = sourcesWith(async () => migration(0, { id, status: "x".repeat(100_000) }));
    const error = await failure(migrationDetailView(sources, id, NOW_MS));
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).kind).toBe("bad_response");
    expect((error as UpstreamError).message).not.toContain("xxxx");
    expect(await statusHistory(app.db, id)).toEqual([]);
  });
});
