import { describe, expect, it, vi } from "vitest";
import type { Migration } from "@/lib/migrations/migration";
import { compareNewestFirst, MigrationIndex } from "./migration-index";
import { deferred, migration, tick } from "./testing";

const ids = (migrations: readonly Migration[]) => migrations.map((m) => m.id);

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  const state = { now: start };
  return { now: () => state.now, advance: (ms: number) => (state.now += ms), state };
}

describe("compareNewestFirst", () => {
  it("orders by created, newest first", () => {
    const list = [migration(2), migration(5), migration(1), migration(4)];
    expect(ids([...list].sort(compareNewestFirst))).toEqual(
      ids([migration(5), migration(4), migration(2), migration(1)]),
    );
  });

  it("breaks ties on created by id, descending", () => {
    const created = "2025-01-01T00:00:00.000Z";
    const a = migration(1, { id: "aaaaaaaa-0000-4000-8000-000000000000", created });
    const b = migration(2, { id: "bbbbbbbb-0000-4000-8000-000000000000", created });
    const c = migration(3, { id: "cccccccc-0000-4000-8000-000000000000", created });
    expect(ids([a, c, b].sort(compareNewestFirst))).toEqual([c.id, b.id, a.id]);
    expect(compareNewestFirst(a, a)).toBe(0);
  });

  it("compares instants, not strings", () => {
    // Lexically "2025-01-02T…" > "2025-01-01T23…", and that is also the true order; but 2 s vs 10 s is not.
    const twoSeconds = migration(0, { created: "2025-01-01T00:00:02.000Z" });
    const tenSeconds = migration(1, { created: "2025-01-01T00:00:10.000Z" });
    const nextDay = migration(2, { created: "2025-01-02T00:00:00.000Z" });
    expect(ids([twoSeconds, nextDay, tenSeconds].sort(compareNewestFirst))).toEqual(
      ids([nextDay, tenSeconds, twoSeconds]),
    );
    expect(compareNewestFirst(twoSeconds, tenSeconds)).toBe(8000);
  });
});

describe("MigrationIndex", () => {
  it("makes the first read wait for the walk and sorts the snapshot newest first", async () => {
    const walk = deferred<Migration[]>();
    const loadAll = vi.fn(() => walk.promise);
    const time = clock();
    const index = new MigrationIndex(loadAll, 1000, time.now);

    let settled = false;
    const read = index.read().then((snapshot) => {
      settled = true;
      return snapshot;
    });
    await tick();
    expect(settled).toBe(false);
    expect(loadAll).toHaveBeenCalledTimes(1);

    walk.resolve([migration(1), migration(3), migration(2)]);
    const snapshot = await read;
    expect(ids(snapshot.migrations)).toEqual(ids([migration(3), migration(2), migration(1)]));
    expect(snapshot.asOf.getTime()).toBe(1_000_000);
  });

  it("does not reorder the array the loader returned", async () => {
    const loaded = [migration(1), migration(2)];
    const index = new MigrationIndex(async () => loaded, 1000);
    await index.read();
    expect(ids(loaded)).toEqual(ids([migration(1), migration(2)]));
  });

  it("shares one walk between concurrent first reads", async () => {
    const walk = deferred<Migration[]>();
    const loadAll = vi.fn(() => walk.promise);
    const index = new MigrationIndex(loadAll, 1000);
    const reads = [index.read(), index.read(), index.read()];
    walk.resolve([migration(1)]);
    const snapshots = await Promise.all(reads);
    expect(loadAll).toHaveBeenCalledTimes(1);
    expect(snapshots[1]).toBe(snapshots[0]);
    expect(snapshots[2]).toBe(snapshots[0]);
  });

  it("answers from the snapshot without a walk while it is fresh (up to and including maxAgeMs)", async () => {
    const time = clock();
    const loadAll = vi.fn(async () => [migration(1)]);
    const index = new MigrationIndex(loadAll, 1000, time.now);
    const first = await index.read();
    time.advance(1000);
    expect(await index.read()).toBe(first);
    await tick();
    expect(loadAll).toHaveBeenCalledTimes(1);
  });

  it("returns the stale snapshot at once and refreshes it in the background, once", async () => {
    const time = clock();
    const walks = [deferred<Migration[]>(), deferred<Migration[]>()];
    let call = 0;
    const loadAll = vi.fn(() => (walks[call++] as (typeof walks)[number]).promise);
    const index = new MigrationIndex(loadAll, 1000, time.now);

    const firstRead = index.read();
    (walks[0] as (typeof walks)[number]).resolve([migration(1)]);
    const first = await firstRead;

    time.advance(1001);
    // Both stale reads answer at once with the old snapshot, and share one background walk.
    const [a, b] = await Promise.all([index.read(), index.read()]);
    expect(a).toBe(first);
    expect(b).toBe(first);
    expect(loadAll).toHaveBeenCalledTimes(2);

    (walks[1] as (typeof walks)[number]).resolve([migration(1), migration(2)]);
    await tick();
    const fresh = await index.read();
    expect(ids(fresh.migrations)).toEqual(ids([migration(2), migration(1)]));
    expect(fresh.asOf.getTime()).toBe(1_000_000 + 1001);
    expect(loadAll).toHaveBeenCalledTimes(2);
  });

  it("keeps the old snapshot when a background walk fails, records the error, and retries later", async () => {
    const time = clock();
    const failure = new Error("upstream down");
    const loadAll = vi
      .fn<() => Promise<Migration[]>>()
      .mockResolvedValueOnce([migration(1)])
      .mockRejectedValueOnce(failure)
      .mockResolvedValueOnce([migration(1), migration(7)]);
    const index = new MigrationIndex(loadAll, 1000, time.now);

    const first = await index.read();
    time.advance(5000);
    expect(await index.read()).toBe(first);
    await tick();
    expect(loadAll).toHaveBeenCalledTimes(2);
    expect(index.lastRefreshError).toBe(failure);

    // Still stale: the next read answers with the old snapshot again and tries once more.
    const again = await index.read();
    expect(again).toBe(first);
    expect(again.asOf.getTime()).toBe(1_000_000);
    await tick();
    expect(loadAll).toHaveBeenCalledTimes(3);
    expect(index.lastRefreshError).toBeUndefined();
    expect(ids((await index.read()).migrations)).toEqual(ids([migration(7), migration(1)]));
  });

  it("rejects a first read whose walk fails, and walks again on the next read", async () => {
    const failure = new Error("nope");
    const loadAll = vi
      .fn<() => Promise<Migration[]>>()
      .mockRejectedValueOnce(failure)
      .mockResolvedValueOnce([migration(4)]);
    const index = new MigrationIndex(loadAll, 1000);
    await expect(index.read()).rejects.toBe(failure);
    expect(index.lastRefreshError).toBe(failure);
    expect(ids((await index.read()).migrations)).toEqual([migration(4).id]);
    expect(loadAll).toHaveBeenCalledTimes(2);
  });

  it("refresh() joins a running walk and starts a new one after it settles", async () => {
    const walk = deferred<Migration[]>();
    const loadAll = vi
      .fn<() => Promise<Migration[]>>()
      .mockReturnValueOnce(walk.promise)
      .mockResolvedValueOnce([migration(9)]);
    const index = new MigrationIndex(loadAll, 1000);
    const a = index.refresh();
    const b = index.refresh();
    expect(b).toBe(a);
    walk.resolve([migration(8)]);
    expect(ids((await a).migrations)).toEqual([migration(8).id]);
    expect(ids((await index.refresh()).migrations)).toEqual([migration(9).id]);
    expect(loadAll).toHaveBeenCalledTimes(2);
  });

  it("stamps asOf with the time the walk started, not when it finished", async () => {
    const time = clock();
    const walk = deferred<Migration[]>();
    const index = new MigrationIndex(() => walk.promise, 1000, time.now);
    const read = index.read();
    time.advance(700);
    walk.resolve([]);
    expect((await read).asOf.getTime()).toBe(1_000_000);
  });
});
