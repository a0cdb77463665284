import { afterEach, describe, expect, it } from "vitest";
import { listMigrationView } from "@/lib/bff/list-view";
import type { AppDatabase } from "@/lib/db/connection";
import { formatNaiveUtcMicros } from "@/lib/embedded-api/timestamps";
import { parseMigrationListParams } from "@/lib/migrations/list-params";
import { statusHistory } from "@/lib/mirror/queries";
import type { UpstreamClient } from "@/lib/upstream/client";
import { type SyncEngine, WALK_BATCH_PAGES } from "./engine";
import { type FakeRow, FakeUpstream, type FakeUpstreamOptions, hostileWire } from "./fake-upstream";
import { budgetedFetch, RequestBudget } from "./request-budget";
import type { SyncSettings } from "./settings";
import { readSyncState } from "./sync-state";
import { countsOf, mirroredCounts, mirroredRows, openTestDatabase } from "./test-database";
import { manualClock, stepUntilWalked, testEngine } from "./testing";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const opened: AppDatabase[] = [];
afterEach(async () => {
  for (const app of opened.splice(0)) await app.close();
});

async function database(): Promise<AppDatabase> {
  const app = await openTestDatabase();
  opened.push(app);
  return app;
}

interface Harness {
  upstream: FakeUpstream;
  app: AppDatabase;
  clock: ReturnType<typeof manualClock>;
  client: UpstreamClient;
  engine: SyncEngine;
  /** A new engine on the same database and upstream, as after a restart. */
  restart(overrides?: { scope?: string; settings?: Partial<SyncSettings> }): SyncEngine;
}

async function harness(
  options: FakeUpstreamOptions & { rows?: number | FakeRow[]; settings?: Partial<SyncSettings> } = {},
): Promise<Harness> {
  const upstream = new FakeUpstream(options);
  if (typeof options.rows === "number") upstream.add(options.rows);
  const app = await database();
  const clock = manualClock();
  const { client } = upstream.client();
  const make = (overrides: { scope?: string; settings?: Partial<SyncSettings> } = {}) =>
    testEngine({
      db: app,
      client,
      now: clock.now,
      settings: { ...options.settings, ...overrides.settings },
      ...(overrides.scope ? { scope: overrides.scope } : {}),
    });
  const engine = make();
  await engine.load();
  return { upstream, app, clock, client, engine, restart: make };
}

/** The mirror must hold exactly the upstream's well-formed rows, with counts that agree. */
async function expectMirrorEqualsUpstream(h: Pick<Harness, "app" | "upstream">) {
  const want = h.upstream.rows().map((row) => ({ ...row, id: row.id.toLowerCase() }));
  const got = await mirroredRows(h.app);
  expect(got.length).toBe(want.length);
  expect(got).toEqual(want);
  expect(await mirroredCounts(h.app)).toEqual(countsOf(want));
}

/** Steps once a second of simulated time for `seconds`. */
async function runFor(engine: SyncEngine, clock: Harness["clock"], seconds: number) {
  for (let i = 0; i < seconds; i++) {
    clock.advance(1_000);
    await engine.step();
  }
}

describe("backfill", () => {
  it("asks for the next batch before the current one has come back, once the total is known", async () => {
    const upstream = new FakeUpstream({ envelope: "results" });
    upstream.add(3 * WALK_BATCH_PAGES * 100);
    const app = await database();
    const clock = manualClock();
    const requested = new Set<number>();
    /** For each batch's last page: whether the page after it had been asked for when its answer came. */
    const nextAskedBeforeAnswer = new Map<number, boolean>();
    const slowAnswers = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const page = Number(new URL(String(input)).searchParams.get("page") ?? 0);
      requested.add(page);
      const response = await upstream.fetch(input, init);
      await new Promise((resolve) => setTimeout(resolve, 1));
      if (page % WALK_BATCH_PAGES === 0) nextAskedBeforeAnswer.set(page, requested.has(page + 1));
      return response;
    }) as typeof fetch;
    const { client } = upstream.client({ fetch: slowAnswers });
    const engine = testEngine({ db: app, client, now: clock.now });
    await engine.load();
    await stepUntilWalked(engine, clock);
    // Had the second batch waited for the first one's answers, page 33 would have been asked for after page 32 came back.
    expect(nextAskedBeforeAnswer.get(WALK_BATCH_PAGES)).toBe(true);
    await expectMirrorEqualsUpstream({ app, upstream });
  });

  it.each(["array", "results"] as const)("mirrors every row of a %s upstream exactly", async (envelope) => {
    const h = await harness({ envelope, rows: 1_234 });
    await stepUntilWalked(h.engine, h.clock);
    await expectMirrorEqualsUpstream(h);
    const state = await readSyncState(h.app.db);
    expect(state?.pageSize).toBe(100);
    expect(state?.backfillCompletedMs).toBeDefined();
    expect(state?.walk).toBeUndefined();
    expect(state?.completedGeneration).toBe(1);
    // 13 pages of 100, read in batches of four, plus the page-size probe, the head's reads and
    // the estimate of the total: page 1 again, and without a count, pages 2, 4, 8, 16 then bisected.
    const walkPages = h.upstream.listRequests().length;
    const estimate = envelope === "results" ? 1 : 1 + 2 * Math.ceil(Math.log2(13 + 1)) + 2;
    expect(walkPages).toBeLessThanOrEqual(1 + 2 + 16 + estimate);
    expect(h.upstream.getRequests()).toHaveLength(0);
  });

  it("records each migration's first sighting as history from nothing", async () => {
    const h = await harness({ rows: 30 });
    await stepUntilWalked(h.engine, h.clock);
    const [first] = h.upstream.rows();
    const history = await statusHistory(h.app.db, first?.id as string);
    expect(history.map((change) => [change.from, change.to, change.source])).toEqual([[null, "COMPLETE", "sync"]]);
  });

  it("mirrors an empty upstream and then its first rows", async () => {
    const h = await harness();
    await stepUntilWalked(h.engine, h.clock);
    expect(await mirroredRows(h.app)).toEqual([]);
    h.upstream.addNewest({ status: "NOT_STARTED" });
    await runFor(h.engine, h.clock, 2);
    await expectMirrorEqualsUpstream(h);
  });
});

describe("after the backfill", () => {
  it("picks up new rows at the top within the head interval", async () => {
    const h = await harness({ rows: 450 });
    await stepUntilWalked(h.engine, h.clock);
    h.upstream.listRequests();
    const added = [h.upstream.addNewest({ status: "NOT_STARTED" }), h.upstream.addNewest({ status: "WORKING" })];
    await runFor(h.engine, h.clock, 1);
    await expectMirrorEqualsUpstream(h);
    for (const row of added) {
      const history = await statusHistory(h.app.db, row.id);
      expect(history).toHaveLength(1);
    }
  });

  it("picks up 250 new rows at once: the head reads on until a page brings nothing new", async () => {
    const h = await harness({ rows: 300 });
    await stepUntilWalked(h.engine, h.clock);
    for (let i = 0; i < 250; i++) h.upstream.addNewest({ status: "NOT_STARTED" });
    await runFor(h.engine, h.clock, 1);
    await expectMirrorEqualsUpstream(h);
  });

  it("picks up status changes of recent running migrations by page or id, and of old ones within oldRunningIntervalMs", async () => {
    const settings = { headIntervalMs: 1_000, runningIntervalMs: 5_000, oldRunningIntervalMs: 60_000 };
    const h = await harness({ settings });
    // 3,000 rows: 30 pages, so the bottom third lies beyond the 20 "recent" pages.
    const rows = h.upstream.add(
      Array.from({ length: 3_000 }, (_, i) => ({
        status: [120, 130, 155, 420, 2_500, 2_950].includes(i) ? "WORKING" : "COMPLETE",
      })),
    );
    await stepUntilWalked(h.engine, h.clock);
    await expectMirrorEqualsUpstream(h);
    const changedAtMs = h.clock.now();
    const recent = [rows[120], rows[130], rows[155], rows[420]] as FakeRow[];
    const old = [rows[2_500], rows[2_950]] as FakeRow[];
    for (const row of [...recent, ...old]) h.upstream.setStatus(row.id, "PENDING_USER_INPUT");

    const seenAt = new Map<string, number>();
    for (let second = 1; second <= 70; second++) {
      h.clock.advance(1_000);
      await h.engine.step();
      for (const row of [...recent, ...old]) {
        if (seenAt.has(row.id)) continue;
        const history = await statusHistory(h.app.db, row.id);
        if (history.at(-1)?.to === "PENDING_USER_INPUT") seenAt.set(row.id, h.clock.now() - changedAtMs);
      }
    }
    for (const row of recent) expect(seenAt.get(row.id)).toBeLessThanOrEqual(settings.runningIntervalMs + 1_000);
    for (const row of old) expect(seenAt.get(row.id)).toBeLessThanOrEqual(settings.oldRunningIntervalMs + 1_000);
    await expectMirrorEqualsUpstream(h);
    for (const row of [...recent, ...old]) {
      const history = await statusHistory(h.app.db, row.id);
      expect(history.map((change) => [change.from, change.to])).toEqual([
        [null, "WORKING"],
        ["WORKING", "PENDING_USER_INPUT"],
      ]);
    }
  });

  it("records a migration's history in order, with status_since at the last change", async () => {
    const h = await harness({ rows: 150, settings: { runningIntervalMs: 2_000, oldRunningIntervalMs: 10_000 } });
    const row = h.upstream.addNewest({ status: "NOT_STARTED" });
    const deep = h.upstream.rows()[140] as FakeRow;
    h.upstream.setStatus(deep.id, "WORKING");
    await stepUntilWalked(h.engine, h.clock);
    const path = ["WORKING", "PENDING_USER_INPUT", "WORKING", "COMPLETE"];
    const deepPath = ["PENDING_USER_INPUT", "WORKING", "FAILED"];
    for (let i = 0; i < path.length; i++) {
      h.upstream.setStatus(row.id, path[i] as string);
      const deepStatus = deepPath[i];
      if (deepStatus) h.upstream.setStatus(deep.id, deepStatus);
      await runFor(h.engine, h.clock, 12);
    }
    const history = await statusHistory(h.app.db, row.id);
    expect(history.map((change) => change.to)).toEqual(["NOT_STARTED", ...path]);
    expect(history.map((change) => change.from)).toEqual([null, "NOT_STARTED", ...path.slice(0, -1)]);
    const times = history.map((change) => change.observedMs);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(times).size).toBe(times.length);
    const deepHistory = await statusHistory(h.app.db, deep.id);
    expect(deepHistory.map((change) => change.to)).toEqual(["WORKING", ...deepPath]);
    const stored = await h.app.db
      .selectFrom("mirror_migrations")
      .select("status_since_ms")
      .where("id", "=", row.id)
      .executeTakeFirstOrThrow();
    expect(Number(stored.status_since_ms)).toBe(times.at(-1));
    await expectMirrorEqualsUpstream(h);
  });
});

describe("resuming", () => {
  it("a new engine on the same database continues the backfill from the saved page", async () => {
    const rows = 3 * WALK_BATCH_PAGES * 100;
    const firstEmptyPage = rows / 100 + 1;
    const h = await harness({ rows });
    await h.engine.step();
    await h.engine.step();
    const saved = await readSyncState(h.app.db);
    const nextPage = saved?.walk?.nextPage as number;
    expect(nextPage).toBeGreaterThan(WALK_BATCH_PAGES);
    expect(saved?.walk?.rowsRead).toBe((nextPage - 1) * 100);
    // The first engine is gone (a crash: nothing released, nothing more saved).
    const before = h.upstream.listRequests().length;
    const engine = h.restart();
    await engine.load();
    await stepUntilWalked(engine, h.clock);
    const pages = h.upstream
      .listRequests()
      .slice(before)
      .map((request) => request.page as number);
    // The head looks at page 1 (nothing new there, so no page 2); the walk never goes back before the saved page.
    expect(pages.filter((page) => page < nextPage)).toEqual([1]);
    // Every page from the saved one on, once, up to the first empty page: nothing past the estimated end.
    const walked = pages.filter((page) => page >= nextPage).sort((a, b) => a - b);
    const last = walked.at(-1) as number;
    expect(walked).toEqual(Array.from({ length: last - nextPage + 1 }, (_, i) => nextPage + i));
    expect(last).toBe(firstEmptyPage);
    await expectMirrorEqualsUpstream(h);
  });

  it("starts over cleanly from a sync state it cannot read, still removing rows that are gone", async () => {
    const h = await harness({ rows: 250, settings: { reconcileIntervalMs: 60_000 } });
    await stepUntilWalked(h.engine, h.clock);
    for (let walk = 0; walk < 3; walk++) {
      h.clock.advance(60_000);
      await stepUntilWalked(h.engine, h.clock);
    }
    expect((await readSyncState(h.app.db))?.completedGeneration).toBe(4);
    // A state written by another version, or damaged: unreadable.
    await h.app.db.updateTable("sync_state").set({ value: '{"scope":"test-scope"}' }).execute();
    const gone = h.upstream.rows()[120] as FakeRow;
    h.upstream.remove(gone.id);
    const engine = h.restart();
    await engine.load();
    await stepUntilWalked(engine, h.clock);
    await expectMirrorEqualsUpstream(h);
    expect((await statusHistory(h.app.db, gone.id)).at(-1)?.to).toBeNull();
  });

  it("keeps the reconciliation schedule across a restart", async () => {
    const h = await harness({ rows: 120, settings: { reconcileIntervalMs: 3_600_000 } });
    await stepUntilWalked(h.engine, h.clock);
    const state = await readSyncState(h.app.db);
    const due = state?.nextReconcileMs as number;
    expect(due).toBe((state?.backfillCompletedMs as number) + 3_600_000);

    h.clock.advance(3_600_000 - 120_000);
    const engine = h.restart();
    await engine.load();
    const before = h.upstream.listRequests().length;
    for (let i = 0; i < 100; i++) {
      h.clock.advance(1_000);
      expect(await engine.step()).toBe(false);
    }
    expect(h.clock.now()).toBeLessThan(due);
    expect((await readSyncState(h.app.db))?.walk).toBeUndefined();
    const headOnly = h.upstream.listRequests().slice(before);
    expect(headOnly.every((request) => request.page === 1)).toBe(true);

    h.clock.advance(due - h.clock.now());
    expect(await engine.step()).toBe(true);
    const walk = (await readSyncState(h.app.db))?.walk;
    expect(walk?.kind).toBe("reconcile");
    expect(walk?.generation).toBe(2);
    await stepUntilWalked(engine, h.clock);
    expect((await readSyncState(h.app.db))?.completedGeneration).toBe(2);
  });
});

describe("failures", () => {
  it("retries a failing page with growing backoff, records it, and keeps the mirrored views answering", async () => {
    const h = await harness({ rows: 700 });
    h.upstream.failPage(3, 2);
    await h.engine.step();
    let state = await readSyncState(h.app.db);
    expect(state?.walk?.nextPage).toBe(3);
    expect(state?.recentErrors[0]).toMatchObject({ operation: "walk", message: "The Migrations API answered 500." });
    expect(state?.consecutiveFailures).toBeGreaterThanOrEqual(1);

    const view = await listMigrationView(
      h.app.db,
      parseMigrationListParams(new URLSearchParams("page_size=100")),
      h.clock.now(),
    );
    expect(view.total).toBe(200);
    expect(view.data.map((m) => m.id)).toEqual(
      h.upstream
        .rows()
        .slice(0, 100)
        .map((row) => row.id),
    );
    expect(view.freshness.state).toBe("backfilling");
    expect(view.freshness.partial).toBe(true);

    const pageThreeReads = () => h.upstream.listRequests().filter((request) => request.page === 3).length;
    expect(pageThreeReads()).toBe(1);
    // Backoff after the first failure: 1 s.
    h.clock.advance(999);
    await h.engine.step();
    expect(pageThreeReads()).toBe(1);
    h.clock.advance(1);
    await h.engine.step();
    expect(pageThreeReads()).toBe(2);
    // Backoff after the second: 2 s.
    h.clock.advance(1_999);
    await h.engine.step();
    expect(pageThreeReads()).toBe(2);
    h.clock.advance(1);
    await h.engine.step();
    expect(pageThreeReads()).toBe(3);
    state = await readSyncState(h.app.db);
    expect(state?.recentErrors.filter((error) => error.operation === "walk")).toHaveLength(2);
    await stepUntilWalked(h.engine, h.clock);
    await expectMirrorEqualsUpstream(h);
    expect((await readSyncState(h.app.db))?.consecutiveFailures).toBe(0);
  });

  it("never waits longer than maxBackoffMs before trying a failing operation again", async () => {
    const h = await harness({ rows: 700, settings: { maxBackoffMs: 2_000 } });
    h.upstream.failPage(3, 6);
    const pageThreeReads = () => h.upstream.listRequests().filter((request) => request.page === 3).length;
    await h.engine.step();
    expect(pageThreeReads()).toBe(1);
    // Doubling from 1 s would wait 1, 2, 4 and 8 s; capped at 2 s it waits 1, 2, 2 and 2 s.
    for (const waitMs of [1_000, 2_000, 2_000, 2_000]) {
      const reads = pageThreeReads();
      h.clock.advance(waitMs - 1);
      await h.engine.step();
      expect(pageThreeReads()).toBe(reads);
      h.clock.advance(1);
      await h.engine.step();
      expect(pageThreeReads()).toBe(reads + 1);
    }
  });

  it("shows a backfill stuck on a failing page as failing, with that page's error, while the head still reads", async () => {
    const h = await harness({ envelope: "results", rows: 900 });
    h.upstream.failPage(5, 4);
    const freshness = async () =>
      (await listMigrationView(h.app.db, parseMigrationListParams(new URLSearchParams()), h.clock.now())).freshness;
    await h.engine.step();
    expect((await freshness()).state).toBe("backfilling");
    expect((await freshness()).progress).toMatchObject({ rows_read: 400, estimated_total: 900 });
    // Three failed tries in a row (after 1 s and 2 s of backoff), the head succeeding each time.
    await runFor(h.engine, h.clock, 4);
    const stuck = await freshness();
    expect(stuck.state).toBe("failing");
    expect(stuck.last_error?.message).toBe("The Migrations API answered 500.");
    expect(stuck.synced_at).toBe(new Date(h.clock.now()).toISOString());
    await stepUntilWalked(h.engine, h.clock);
    expect((await freshness()).state).toBe("current");
    await expectMirrorEqualsUpstream(h);
  });

  it("does not ask to be called again at once while the walk waits out its backoff", async () => {
    const h = await harness({ rows: (WALK_BATCH_PAGES + 4) * 100 });
    h.upstream.failPage(3, 1);
    expect(await h.engine.step()).toBe(false);
    h.clock.advance(500);
    expect(await h.engine.step()).toBe(false);
    h.clock.advance(500);
    expect(await h.engine.step()).toBe(true);
    expect((await readSyncState(h.app.db))?.walk?.nextPage).toBe(3 + WALK_BATCH_PAGES);
  });

  it("waits out a 429 and carries on", async () => {
    const h = await harness({ rows: 250 });
    await stepUntilWalked(h.engine, h.clock);
    h.upstream.addNewest();
    h.upstream.rateLimit(1, "30");
    await runFor(h.engine, h.clock, 1);
    const state = await readSyncState(h.app.db);
    expect(state?.recentErrors[0]?.message).toContain("429");
    await runFor(h.engine, h.clock, 5);
    await expectMirrorEqualsUpstream(h);
  });

  it("holds every request back while a 429's Retry-After lasts, within the request budget", async () => {
    const upstream = new FakeUpstream();
    upstream.add(700);
    const app = await database();
    const clock = manualClock();
    // Waiting moves the simulated clock on: what was asked for is what passes.
    const wait = async (ms: number) => clock.advance(ms);
    const budget = new RequestBudget(20, clock.now, wait);
    const sent: Array<{ atMs: number; page: string | null; status: number }> = [];
    let limited = false;
    const recording = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = { atMs: clock.now(), page: new URL(String(input)).searchParams.get("page"), status: 0 };
      sent.push(request);
      if (request.page === "5" && !limited) {
        limited = true;
        request.status = 429;
        return new Response("{}", { status: 429, headers: { "Retry-After": "2" } });
      }
      const response = await upstream.fetch(input, init);
      request.status = response.status;
      return response;
    }) as typeof fetch;
    const { client } = upstream.client({ fetch: budgetedFetch(recording, budget), maxAttempts: 3, sleep: wait });
    const engine = testEngine({ db: app, client, now: clock.now });
    await engine.load();
    await stepUntilWalked(engine, clock);
    const at429 = sent.findIndex((request) => request.status === 429);
    expect(at429).toBeGreaterThan(0);
    const limitedAt = (sent[at429] as { atMs: number }).atMs;
    for (const request of sent.slice(at429 + 1)) expect(request.atMs).toBeGreaterThanOrEqual(limitedAt + 2_000);
    // 20 a second: never more than 20 in any one second (a late slot may be followed by the next at once).
    for (const [i, request] of sent.entries()) {
      const inSecond = sent.filter((other) => other.atMs >= request.atMs && other.atMs < request.atMs + 1000);
      expect(inSecond.length, `requests in the second from request ${i}`).toBeLessThanOrEqual(20);
    }
    const state = await readSyncState(app.db);
    expect(state?.recentErrors).toEqual([]);
    await expectMirrorEqualsUpstream({ app, upstream });
  });

  it("skips malformed rows, counts them, keeps the rest of the page, and never stores a non-UUID id", async () => {
    const h = await harness();
    h.upstream.add(250);
    const rows = h.upstream.rows();
    const at = (rows[220] as FakeRow).createdUs;
    const good = { object: "migration", status: "COMPLETE", created_by_user_id: "user-1", company_id: null };
    const huge = "x".repeat(1024 * 1024);
    const hostile: Array<Record<string, unknown>> = [
      { id: "not-a-uuid" },
      { id: "../../admin" },
      { id: "00000000-0000-4000-8000-00000000000g" },
      { id: "10000000-0000-4000-8000-000000000001", created: undefined },
      { id: "10000000-0000-4000-8000-000000000002", status: huge },
      { id: "10000000-0000-4000-8000-000000000003", created_by_user_id: huge },
      { id: huge },
      { id: "10000000-0000-4000-8000-000000000004", company_id: 42 },
      { id: "10000000-0000-4000-8000-000000000005", created: "yesterday" },
    ];
    /** Served at `createdUs`, with a matching `created` unless the override says otherwise. */
    const serve = (override: Record<string, unknown>, createdUs: number) =>
      h.upstream.addRaw({ ...good, created: formatNaiveUtcMicros(createdUs), ...override }, createdUs);
    hostile.forEach((override, i) => {
      serve(override, at - i - 1);
    });
    // Odd but bounded: kept as text.
    const proto = { id: "10000000-0000-4000-8000-0000000000aa", status: "__proto__" };
    serve(proto, at - 100);
    const upper = { id: "10000000-0000-4000-8000-0000000000BB", status: "WORKING" };
    serve(upper, at - 101);

    await stepUntilWalked(h.engine, h.clock);
    await expectMirrorEqualsUpstream(h);
    const stored = await mirroredRows(h.app);
    expect(stored).toHaveLength(252);
    for (const row of stored) expect(row.id).toMatch(UUID);
    expect(stored.find((row) => row.id === proto.id)?.status).toBe("__proto__");
    expect(stored.some((row) => row.id === upper.id.toLowerCase())).toBe(true);
    const state = await readSyncState(h.app.db);
    expect(state?.rejectedRows).toBe(hostile.length);
    const rowErrors = state?.recentErrors.filter((error) => error.operation === "rows") ?? [];
    expect(rowErrors.length).toBeGreaterThan(0);
    for (const error of rowErrors) {
      expect(error.message).toMatch(/malformed row/);
      expect(error.message).not.toContain("xxxxxxxx");
      expect(error.message).not.toContain("../../admin");
      expect(error.message.length).toBeLessThan(1_000);
    }
    const view = await listMigrationView(h.app.db, parseMigrationListParams(new URLSearchParams()), h.clock.now());
    expect(Object.entries(view.counts)).toContainEqual(["__proto__", 1]);
    expect(view.total).toBe(252);
    // A plain object (React hands it to the browser) whose `__proto__` is an own key, not the prototype.
    expect(Object.getPrototypeOf(view.counts)).toBe(Object.prototype);
    expect(Object.hasOwn(view.counts, "__proto__")).toBe(true);
  });

  it("stores nothing hostile from pages or by-id answers, whichever way it comes", async () => {
    const h = await harness({ settings: { oldRunningIntervalMs: 10_000 } });
    const rows = h.upstream.add(
      Array.from({ length: 2_400 }, (_, i) => ({ status: i === 2_300 ? "WORKING" : "COMPLETE" })),
    );
    const kinds = ["non-uuid-id", "missing-field", "huge-strings", "proto-status"] as const;
    kinds.forEach((kind, i) => {
      const at = (rows[30 + i * 500] as FakeRow).createdUs - 1;
      h.upstream.addRaw(hostileWire(kind, at, `10000000-0000-4000-8000-00000000000${i}`), at);
    });
    await stepUntilWalked(h.engine, h.clock);
    // The old running one is now answered by id with another, hostile, migration.
    const running = rows[2_300] as FakeRow;
    h.upstream.answerById(running.id, hostileWire("non-uuid-id", running.createdUs));
    await runFor(h.engine, h.clock, 25);
    const stored = await mirroredRows(h.app);
    expect(stored).toHaveLength(2_401);
    for (const row of stored) {
      expect(row.id).toMatch(UUID);
      expect(row.status.length).toBeLessThanOrEqual(64);
      expect(row.createdByUserId.length).toBeLessThanOrEqual(128);
    }
    expect(stored.find((row) => row.id === running.id)?.status).toBe("WORKING");
    expect(stored.filter((row) => row.status === "__proto__")).toHaveLength(1);
    expect(h.upstream.getRequests().filter((request) => request.id === running.id).length).toBeGreaterThan(0);
    expect((await readSyncState(h.app.db))?.rejectedRows).toBe(3);
  });

  it("does not count malformed rows as sync failures", async () => {
    const h = await harness();
    h.upstream.add(800);
    const rows = h.upstream.rows();
    for (const index of [50, 150, 250]) {
      const at = (rows[index] as FakeRow).createdUs - 1;
      h.upstream.addRaw({ id: "not-a-uuid", created: formatNaiveUtcMicros(at), status: "COMPLETE" }, at);
    }
    // Page 4 fails the estimate's probe too (which only gives up on an estimate), then the walk.
    h.upstream.failPage(4, 2);
    await h.engine.step();
    const state = await readSyncState(h.app.db);
    expect(state?.walk?.nextPage).toBe(4);
    expect(state?.recentErrors[0]?.operation).toBe("walk");
    expect(state?.consecutiveFailures).toBe(1);
    const view = await listMigrationView(h.app.db, parseMigrationListParams(new URLSearchParams()), h.clock.now());
    expect(view.freshness.state).toBe("backfilling");
    expect(view.freshness.last_error).toBeUndefined();
  });

  it("counts a malformed row once per walk, however often the head re-reads its page", async () => {
    const h = await harness({ rows: 300, settings: { headIntervalMs: 1_000 } });
    const at = (h.upstream.rows()[5] as FakeRow).createdUs - 1;
    h.upstream.addRaw({ id: "not-a-uuid", created: formatNaiveUtcMicros(at), status: "COMPLETE" }, at);
    await stepUntilWalked(h.engine, h.clock);
    // A change on page 1 each second keeps the head reading it.
    for (let i = 0; i < 30; i++) {
      h.upstream.addNewest();
      await runFor(h.engine, h.clock, 1);
    }
    await expectMirrorEqualsUpstream(h);
    const state = await readSyncState(h.app.db);
    expect(state?.rejectedRows).toBe(1);
    expect(state?.recentErrors.filter((error) => error.operation === "rows")).toHaveLength(1);
  });

  it("fails the head on a page whose every row is refused (stale, not 'current'), naming the field, until it is fixed", async () => {
    const h = await harness({ envelope: "results", rows: 150 });
    await stepUntilWalked(h.engine, h.clock);
    const newest = (h.upstream.rows()[0] as FakeRow).createdUs;
    const missingCreated = (n: number) => {
      const id = `10000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
      h.upstream.addRaw({ object: "migration", id, status: "COMPLETE", created_by_user_id: "user-1" }, newest + n);
      return id;
    };
    const freshness = async () =>
      (await listMigrationView(h.app.db, parseMigrationListParams(new URLSearchParams()), h.clock.now())).freshness;

    // 99 unreadable migrations on top: page 1 still holds one readable row, so the head reads on as before.
    const unreadable = Array.from({ length: 99 }, (_, i) => missingCreated(i + 1));
    await runFor(h.engine, h.clock, 10);
    expect((await freshness()).state).toBe("current");
    expect((await readSyncState(h.app.db))?.consecutiveFailures).toBe(0);

    // One more, and page 1 holds nothing readable.
    unreadable.push(missingCreated(100));
    await runFor(h.engine, h.clock, 10);
    const failing = await freshness();
    expect(failing.state).toBe("failing");
    expect(failing.last_error?.message).toBe(
      "Page 1: none of its 100 migrations could be read (row 1: The Migrations API's response does not match the contract: results[0].created is missing).",
    );
    expect((await readSyncState(h.app.db))?.recentErrors[0]?.operation).toBe("head");
    // The last good rows stay, and none of the unreadable ones got in.
    expect(await mirroredRows(h.app)).toHaveLength(150);

    for (const id of unreadable) h.upstream.remove(id);
    await runFor(h.engine, h.clock, 20);
    expect((await freshness()).state).toBe("current");
    await expectMirrorEqualsUpstream(h);
  });

  it("refuses a page longer than asked for, stores none of it, and carries on once it is fixed", async () => {
    const h = await harness({ rows: 450 });
    h.upstream.overlong(3);
    await h.engine.step();
    let state = await readSyncState(h.app.db);
    expect(state?.walk?.nextPage).toBe(3);
    expect(state?.recentErrors[0]?.message).toBe("Page 3 held 101 migrations, more than the 100 asked for: refused.");
    expect(await mirroredRows(h.app)).toHaveLength(200);
    h.upstream.overlong(3, false);
    await stepUntilWalked(h.engine, h.clock);
    state = await readSyncState(h.app.db);
    expect(state?.walk).toBeUndefined();
    await expectMirrorEqualsUpstream(h);
  });
});

describe("one bad migration among many", () => {
  /** Two old running migrations (by id): `bad` sorts first, so it is looked at first. */
  async function twoOldRunning() {
    const settings = { runningIntervalMs: 2_000, oldRunningIntervalMs: 10_000, reconcileIntervalMs: 600_000 };
    const h = await harness({ settings });
    const rows = h.upstream.add(
      Array.from({ length: 2_300 }, (_, i) => ({ status: i === 2_100 || i === 2_200 ? "WORKING" : "COMPLETE" })),
    );
    await stepUntilWalked(h.engine, h.clock);
    return { h, bad: rows[2_100] as FakeRow, good: rows[2_200] as FakeRow, settings };
  }

  async function secondsUntilSeen(h: Harness, id: string, status: string, limit: number) {
    for (let second = 1; second <= limit; second++) {
      h.clock.advance(1_000);
      await h.engine.step();
      if ((await statusHistory(h.app.db, id)).at(-1)?.to === status) return second;
    }
    return Number.POSITIVE_INFINITY;
  }

  it("a migration the upstream answers malformed by id does not hold up the re-checks of the others", async () => {
    const { h, bad, good, settings } = await twoOldRunning();
    h.upstream.setStatus(bad.id, "");
    h.upstream.setStatus(good.id, "FAILED");
    expect(await secondsUntilSeen(h, good.id, "FAILED", 60)).toBeLessThanOrEqual(
      settings.oldRunningIntervalMs / 1000 + 1,
    );
  });

  it("a migration the upstream cannot serve by id (500) does not hold up the re-checks of the others", async () => {
    const { h, bad, good, settings } = await twoOldRunning();
    h.upstream.failId(bad.id, 1_000);
    h.upstream.setStatus(good.id, "FAILED");
    expect(await secondsUntilSeen(h, good.id, "FAILED", 60)).toBeLessThanOrEqual(
      settings.oldRunningIntervalMs / 1000 + 1,
    );
    const state = await readSyncState(h.app.db);
    expect(state?.recentErrors.some((error) => error.operation === "running")).toBe(true);
  });

  it("a recent running migration sent malformed on its page does not make that page be read every second", async () => {
    const settings = { headIntervalMs: 1_000, runningIntervalMs: 10_000, oldRunningIntervalMs: 60_000 };
    const h = await harness({ settings });
    const rows = h.upstream.add(
      Array.from({ length: 500 }, (_, i) => ({ status: i === 310 || i === 320 ? "WORKING" : "COMPLETE" })),
    );
    await stepUntilWalked(h.engine, h.clock);
    h.upstream.setStatus((rows[310] as FakeRow).id, "x".repeat(100));
    const before = h.upstream.listRequests().length;
    await runFor(h.engine, h.clock, 60);
    const pageFour = h.upstream
      .listRequests()
      .slice(before)
      .filter((request) => request.page === 4).length;
    expect(pageFour).toBeLessThanOrEqual(60 / 10 + 1);
    const byId = h.upstream.getRequests().filter((request) => request.id === (rows[310] as FakeRow).id);
    expect(byId.length).toBeLessThanOrEqual(2);
    // Its last good version stays; everything else is as the upstream has it.
    const mirrored = await mirroredRows(h.app);
    expect(mirrored.find((row) => row.id === (rows[310] as FakeRow).id)?.status).toBe("WORKING");
    expect(mirrored.filter((row) => row.id !== (rows[310] as FakeRow).id)).toEqual(h.upstream.rows());
  });

  it("a reconciliation walk finishes when a mirrored migration turned malformed upstream, keeping its last good version", async () => {
    const { h, bad } = await twoOldRunning();
    const other = h.upstream.rows()[50] as FakeRow;
    h.upstream.setStatus(bad.id, "");
    h.clock.advance(600_000);
    h.upstream.remove(other.id);
    await stepUntilWalked(h.engine, h.clock, 2_000);
    const state = await readSyncState(h.app.db);
    expect(state?.completedGeneration).toBe(2);
    expect((await statusHistory(h.app.db, other.id)).at(-1)?.to).toBeNull();
    const kept = (await mirroredRows(h.app)).find((row) => row.id === bad.id);
    expect(kept?.status).toBe("WORKING");
    expect(state?.rejectedRows).toBe(2);
    expect(state?.recentErrors.filter((error) => error.operation === "rows").map((error) => error.message)).toEqual([
      `Migration ${bad.id} skipped: The Migrations API's response does not match the contract: status must not be empty.`,
      "Page 21: 1 malformed row(s) skipped (row 100: The Migrations API's response does not match the contract: item [99].status must not be empty.).",
    ]);
  });
});

describe("reconciliation", () => {
  it("removes rows that disappeared, ending their history with nothing", async () => {
    const h = await harness({ rows: 480, settings: { reconcileIntervalMs: 600_000 } });
    await stepUntilWalked(h.engine, h.clock);
    const rows = h.upstream.rows();
    const gone = [rows[0], rows[99], rows[100], rows[250], rows[479]] as FakeRow[];
    for (const row of gone) h.upstream.remove(row.id);
    h.clock.advance(600_000);
    await stepUntilWalked(h.engine, h.clock);
    await expectMirrorEqualsUpstream(h);
    for (const row of gone) {
      const history = await statusHistory(h.app.db, row.id);
      expect(history.map((change) => [change.from, change.to])).toEqual([
        [null, "COMPLETE"],
        ["COMPLETE", null],
      ]);
    }
    const state = await readSyncState(h.app.db);
    expect(state?.completedGeneration).toBe(2);
    expect(state?.nextReconcileMs).toBe(h.clock.now() - 10 + 600_000);
  });

  it("keeps rows that moved up past the walk (confirmed by id), and removes rows deleted behind it on the next walk", async () => {
    // Three batches: the second is requested while the first is written (before the rows vanish), the third after.
    const rowCount = 3 * WALK_BATCH_PAGES * 100;
    const h = await harness({ rows: rowCount, settings: { reconcileIntervalMs: 600_000 } });
    await stepUntilWalked(h.engine, h.clock);
    h.clock.advance(600_000);
    await h.engine.step();
    expect((await readSyncState(h.app.db))?.walk?.nextPage).toBe(1 + WALK_BATCH_PAGES);
    // 50 rows vanish from pages the walk has read: the rows below shift up, and 50 of them slip past it.
    const rows = h.upstream.rows();
    const gone = rows.slice(10, 60);
    for (const row of gone) h.upstream.remove(row.id);
    const getsBefore = h.upstream.getRequests().length;
    await stepUntilWalked(h.engine, h.clock);
    // The slipped rows were confirmed by id, not removed; the vanished ones were seen by this walk, so stay for now.
    expect(h.upstream.getRequests().length - getsBefore).toBe(50);
    const mirrored = new Set((await mirroredRows(h.app)).map((row) => row.id));
    expect(mirrored.size).toBe(rowCount);
    for (const row of h.upstream.rows()) expect(mirrored.has(row.id)).toBe(true);

    h.clock.advance(600_000);
    await stepUntilWalked(h.engine, h.clock);
    await expectMirrorEqualsUpstream(h);
    for (const row of gone) expect((await statusHistory(h.app.db, row.id)).at(-1)?.to).toBeNull();
  });
});

describe("page size", () => {
  it.each(["array", "results"] as const)(
    "detects a silent cap (asked 100, answered 50) on a %s upstream",
    async (envelope) => {
      const h = await harness({ envelope, silentPageSizeCap: 50, rows: 230 });
      await stepUntilWalked(h.engine, h.clock);
      expect((await readSyncState(h.app.db))?.pageSize).toBe(50);
      await expectMirrorEqualsUpstream(h);
    },
  );

  it("finds a cap it could not see while the upstream was small at the next walk", async () => {
    const h = await harness({ silentPageSizeCap: 50, rows: 30, settings: { reconcileIntervalMs: 600_000 } });
    await stepUntilWalked(h.engine, h.clock);
    expect((await readSyncState(h.app.db))?.pageSize).toBe(100);
    for (let i = 0; i < 200; i++) h.upstream.addNewest();
    h.clock.advance(600_000);
    await stepUntilWalked(h.engine, h.clock);
    await expectMirrorEqualsUpstream(h);
    expect((await readSyncState(h.app.db))?.pageSize).toBe(50);
  });

  it("steps down when the upstream refuses page_size=100", async () => {
    const h = await harness({ maxPageSize: 25, rows: 130 });
    await stepUntilWalked(h.engine, h.clock);
    expect((await readSyncState(h.app.db))?.pageSize).toBe(25);
    await expectMirrorEqualsUpstream(h);
  });
});

describe("scope", () => {
  it("clears the mirror when the upstream or key changes", async () => {
    const h = await harness({ rows: 150 });
    await stepUntilWalked(h.engine, h.clock);
    expect(await mirroredRows(h.app)).toHaveLength(150);
    const oldId = (h.upstream.rows()[0] as FakeRow).id;

    const other = new FakeUpstream({ seed: 99 });
    other.add(30);
    const engine = testEngine({ db: h.app, client: other.client().client, now: h.clock.now, scope: "another-scope" });
    const state = await engine.load();
    expect(state.scope).toBe("another-scope");
    expect(state.completedGeneration).toBe(0);
    expect(await mirroredRows(h.app)).toEqual([]);
    expect(await mirroredCounts(h.app)).toEqual({});
    expect(await statusHistory(h.app.db, oldId)).toEqual([]);
    await stepUntilWalked(engine, h.clock);
    await expectMirrorEqualsUpstream({ app: h.app, upstream: other });
  });
});

describe("lease", () => {
  /** A client on the shared upstream that counts only its own engine's requests. */
  function countingClient(upstream: FakeUpstream) {
    const counter = { requests: 0 };
    const inner = upstream.fetch;
    const { client } = upstream.client({
      fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
        counter.requests++;
        return inner(input, init);
      }) as typeof fetch,
    });
    return { client, counter };
  }

  /** What `run()` does each turn: step only while holding the lease. */
  async function turn(engine: SyncEngine): Promise<boolean> {
    if (!(await engine.holdLease())) return false;
    await engine.step();
    return true;
  }

  it("lets only the lease holder do upstream work, and hands the walk over when it lets go", async () => {
    const upstream = new FakeUpstream();
    // More pages than three walk steps read, so that a walk is under way when the lease changes hands.
    upstream.add(4 * WALK_BATCH_PAGES * 100);
    const app = await database();
    const clock = manualClock();
    const a = countingClient(upstream);
    const b = countingClient(upstream);
    const settings = { leaseMs: 20_000 };
    const engineA = testEngine({ db: app, client: a.client, now: clock.now, instanceId: "a", settings });
    const engineB = testEngine({ db: app, client: b.client, now: clock.now, instanceId: "b", settings });

    for (let i = 0; i < 3; i++) {
      expect(await turn(engineA)).toBe(true);
      expect(await turn(engineB)).toBe(false);
      clock.advance(1_000);
    }
    expect(a.counter.requests).toBeGreaterThan(0);
    expect(b.counter.requests).toBe(0);
    const handedOver = (await readSyncState(app.db))?.walk?.nextPage as number;
    expect(handedOver).toBeGreaterThan(1);

    await engineA.releaseLease();
    const aBefore = a.counter.requests;
    const pagesBefore = upstream.listRequests().length;
    for (let i = 0; i < 20; i++) {
      await turn(engineB);
      expect(await turn(engineA)).toBe(false);
      clock.advance(1_000);
    }
    expect(a.counter.requests).toBe(aBefore);
    expect(b.counter.requests).toBeGreaterThan(0);
    // B took the walk up where A left it: no page-size probe, no walk page before the hand-over point but the head's.
    const bPages = upstream.listRequests().slice(pagesBefore);
    expect(bPages.every((request) => request.pageSize === 100)).toBe(true);
    expect(bPages.filter((request) => (request.page as number) < handedOver).every((r) => r.page === 1)).toBe(true);
    await expectMirrorEqualsUpstream({ app, upstream });
  });

  it("takes over from a holder that died only once its lease expired", async () => {
    const upstream = new FakeUpstream();
    upstream.add(300);
    const app = await database();
    const clock = manualClock();
    const a = countingClient(upstream);
    const b = countingClient(upstream);
    const settings = { leaseMs: 20_000 };
    const engineA = testEngine({ db: app, client: a.client, now: clock.now, instanceId: "a", settings });
    const engineB = testEngine({ db: app, client: b.client, now: clock.now, instanceId: "b", settings });
    expect(await turn(engineA)).toBe(true);
    // A dies here: no release.
    for (let waited = 0; waited < 20_000; waited += 5_000) {
      expect(await turn(engineB)).toBe(false);
      clock.advance(5_000);
    }
    clock.advance(1);
    expect(await turn(engineB)).toBe(true);
    for (let i = 0; i < 10; i++) {
      clock.advance(1_000);
      await turn(engineB);
    }
    expect(b.counter.requests).toBeGreaterThan(0);
    await expectMirrorEqualsUpstream({ app, upstream });
  });

  it("run(): of two engines looping on one database, only one sends requests", async () => {
    const upstream = new FakeUpstream();
    upstream.add(600);
    const app = await database();
    const clock = manualClock();
    const a = countingClient(upstream);
    const b = countingClient(upstream);
    const engineA = testEngine({ db: app, client: a.client, now: clock.now, instanceId: "a" });
    const engineB = testEngine({ db: app, client: b.client, now: clock.now, instanceId: "b" });
    const controller = new AbortController();
    const runs = [engineA.run(controller.signal), engineB.run(controller.signal)];
    const deadline = Date.now() + 10_000;
    while ((await readSyncState(app.db))?.backfillCompletedMs === undefined && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    controller.abort();
    await Promise.all(runs);
    expect(Math.min(a.counter.requests, b.counter.requests)).toBe(0);
    expect(Math.max(a.counter.requests, b.counter.requests)).toBeGreaterThan(0);
    await expectMirrorEqualsUpstream({ app, upstream });
  });
});

describe("steady state", () => {
  /** Requests over ten simulated minutes after the backfill, stepping each second, with the default intervals. */
  async function steadyRequests(total: number, runningAt: readonly number[]) {
    const running = new Set(runningAt);
    const h = await harness({
      settings: { headIntervalMs: 5_000, runningIntervalMs: 10_000, oldRunningIntervalMs: 120_000 },
    });
    h.upstream.add(Array.from({ length: total }, (_, i) => ({ status: running.has(i) ? "WORKING" : "COMPLETE" })));
    await stepUntilWalked(h.engine, h.clock, 100_000);
    const backfill = h.upstream.requests.length;
    const before = h.upstream.requests.length;
    await runFor(h.engine, h.clock, 600);
    await expectMirrorEqualsUpstream(h);
    return { backfill, steady: h.upstream.requests.length - before };
  }

  it("follows the number of running migrations, not the total", async () => {
    // The same 20 running migrations, at the same places from the top, in both worlds.
    const runningAt = Array.from({ length: 20 }, (_, i) => 37 + i * 97);
    const small = await steadyRequests(2_000, runningAt);
    const large = await steadyRequests(20_000, runningAt);
    expect(Math.abs(small.steady - large.steady)).toBeLessThanOrEqual(Math.max(3, small.steady * 0.05));
    // Far from one request per row: per running migration, a few a minute at most.
    expect(large.steady).toBeLessThan(20 * 10 * 7);
    // 200 pages, the page-size probe, the head, the last batch's overrun and the estimate's probe
    // (this upstream sends no count: page 1 again, then about 2 × log2(200) pages).
    expect(large.backfill).toBeLessThanOrEqual(
      200 + 1 + 2 + WALK_BATCH_PAGES + 1 + 2 * Math.ceil(Math.log2(200 + 1)) + 2,
    );
  }, 120_000);
});
