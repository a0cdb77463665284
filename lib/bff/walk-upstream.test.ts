import { describe, expect, it } from "vitest";
import type { Migration } from "@/lib/migrations/migration";
import type { ListMigrationsParams } from "@/lib/upstream/client";
import { UpstreamError } from "@/lib/upstream/errors";
import type { MigrationListPage } from "@/lib/upstream/reader";
import { fakeClient, migration, tick } from "./testing";
import { walkAllMigrations } from "./walk-upstream";

const ids = (migrations: readonly Migration[]) => migrations.map((m) => m.id);

/** `count` migrations, newest first, as an upstream lists them. */
function rows(count: number): Migration[] {
  return Array.from({ length: count }, (_, i) => migration(count - i));
}

/** An upstream over `all` that takes page sizes up to `maxPageSize` (400 above) and may leave out the total. */
function upstream(all: Migration[], { maxPageSize = 100, withTotal = true, delayMs = 1 } = {}) {
  return async ({ page, pageSize }: ListMigrationsParams): Promise<MigrationListPage> => {
    await tick(delayMs);
    if (pageSize > maxPageSize) {
      throw new UpstreamError("bad_response", "The Migrations API answered with an unexpected status (400).", {
        status: 400,
      });
    }
    const start = (page - 1) * pageSize;
    const migrations = all.slice(start, start + pageSize);
    return withTotal
      ? { migrations, total: all.length, hasMore: start + pageSize < all.length }
      : { migrations, hasMore: start + pageSize < all.length };
  };
}

describe("walkAllMigrations", () => {
  it("reads every page with the largest page size and keeps the upstream's order", async () => {
    const all = rows(250);
    const { client, calls } = fakeClient(upstream(all));
    const result = await walkAllMigrations(client);
    expect(ids(result)).toEqual(ids(all));
    expect(calls.map((c) => [c.page, c.pageSize])).toEqual([
      [1, 100],
      [2, 100],
      [3, 100],
    ]);
    expect(calls.every((c) => c.filters === undefined)).toBe(true);
  });

  it("falls back 100 → 50 → 25 on a 400 and walks with the size that worked", async () => {
    const all = rows(60);
    const { client, calls } = fakeClient(upstream(all, { maxPageSize: 25 }));
    const result = await walkAllMigrations(client);
    expect(ids(result)).toEqual(ids(all));
    expect(calls.map((c) => [c.page, c.pageSize])).toEqual([
      [1, 100],
      [1, 50],
      [1, 25],
      [2, 25],
      [3, 25],
    ]);
  });

  it("falls back to 10 as the last size", async () => {
    const all = rows(12);
    const { client, calls } = fakeClient(upstream(all, { maxPageSize: 10 }));
    expect(ids(await walkAllMigrations(client))).toEqual(ids(all));
    expect(calls.map((c) => c.pageSize)).toEqual([100, 50, 25, 10, 10]);
  });

  it("fails with a bad_response when no page size is accepted", async () => {
    const { client, calls } = fakeClient(upstream(rows(5), { maxPageSize: 5 }));
    const error = await walkAllMigrations(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).kind).toBe("bad_response");
    expect((error as UpstreamError).message).toBe(
      "The Migrations API accepted none of the page sizes 100, 50, 25, 10.",
    );
    expect(calls.map((c) => c.pageSize)).toEqual([100, 50, 25, 10]);
  });

  it.each([
    ["key_rejected", new UpstreamError("key_rejected", "rejected", { status: 401 })],
    ["bad_response without a status", new UpstreamError("bad_response", "not json")],
    ["bad_response 422", new UpstreamError("bad_response", "odd", { status: 422 })],
    ["unavailable 503", new UpstreamError("unavailable", "down", { status: 503 })],
    ["a plain Error", new Error("boom")],
  ])("does not fall back on %s: it rethrows at once", async (_label, failure) => {
    const { client, calls } = fakeClient(async () => {
      throw failure;
    });
    await expect(walkAllMigrations(client)).rejects.toBe(failure);
    expect(calls).toHaveLength(1);
  });

  it("reads only the first page when the total fits on it, or is 0", async () => {
    for (const count of [0, 1, 100]) {
      const all = rows(count);
      const { client, calls } = fakeClient(upstream(all));
      expect(ids(await walkAllMigrations(client))).toEqual(ids(all));
      expect(calls).toHaveLength(1);
    }
  });

  it("reads the other pages in parallel when the total is known, never more than `concurrency` at once", async () => {
    const all = rows(1050); // 11 pages of 100: page 1, then 10 more
    const { client, calls, state } = fakeClient(upstream(all, { delayMs: 5 }));
    const result = await walkAllMigrations(client, { concurrency: 3 });
    expect(ids(result)).toEqual(ids(all));
    expect(calls.map((c) => c.page).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(state.maxInFlight).toBe(3);
  });

  it("uses a concurrency of 4 by default", async () => {
    const all = rows(1000);
    const { client, state } = fakeClient(upstream(all, { delayMs: 5 }));
    expect(await walkAllMigrations(client)).toHaveLength(1000);
    expect(state.maxInFlight).toBe(4);
  });

  it("assembles parallel pages in page order even when they complete out of order", async () => {
    const all = rows(500);
    const base = upstream(all, { delayMs: 0 });
    const { client } = fakeClient(async (params) => {
      await tick(params.page === 2 ? 20 : 1); // page 2 answers last
      return base(params);
    });
    expect(ids(await walkAllMigrations(client, { concurrency: 4 }))).toEqual(ids(all));
  });

  it("walks one page after another until a short page when there is no total", async () => {
    const all = rows(230);
    const { client, calls, state } = fakeClient(upstream(all, { withTotal: false }));
    expect(ids(await walkAllMigrations(client, { concurrency: 4 }))).toEqual(ids(all));
    expect(calls.map((c) => c.page)).toEqual([1, 2, 3]);
    expect(state.maxInFlight).toBe(1);
  });

  it("without a total, stops at has_more false even after a full page", async () => {
    const all = rows(200);
    const { client, calls } = fakeClient(upstream(all, { withTotal: false }));
    expect(ids(await walkAllMigrations(client))).toEqual(ids(all));
    // Page 2 is full, but has_more is false: no third request.
    expect(calls.map((c) => c.page)).toEqual([1, 2]);
  });

  it("without a total or has_more, reads until an empty page", async () => {
    const all = rows(200);
    const { client, calls } = fakeClient(async ({ page, pageSize }) => ({
      migrations: all.slice((page - 1) * pageSize, page * pageSize),
    }));
    expect(ids(await walkAllMigrations(client))).toEqual(ids(all));
    expect(calls.map((c) => c.page)).toEqual([1, 2, 3]);
  });

  it("de-duplicates ids that appear on two pages (pages shifted during the walk), keeping the first", async () => {
    const all = rows(150);
    const shifted = migration(9999);
    const { client } = fakeClient(async ({ page }) => {
      if (page === 1) return { migrations: all.slice(0, 100), total: 151 };
      // A migration was created meanwhile: page 2 starts with the last of page 1 again.
      return { migrations: [{ ...(all[99] as Migration), status: "FAILED" }, ...all.slice(100), shifted], total: 151 };
    });
    const result = await walkAllMigrations(client);
    expect(ids(result)).toEqual([...ids(all), shifted.id]);
    expect(result[99]?.status).toBe("COMPLETE");
    expect(new Set(ids(result)).size).toBe(result.length);
  });

  it("passes the abort signal to every request", async () => {
    const all = rows(300);
    const signals: Array<AbortSignal | undefined> = [];
    const base = upstream(all);
    const { client } = fakeClient(async (params, signal) => {
      signals.push(signal);
      return base(params);
    });
    const controller = new AbortController();
    await walkAllMigrations(client, { signal: controller.signal });
    expect(signals).toHaveLength(3);
    expect(signals.every((s) => s === controller.signal)).toBe(true);
  });

  it("rejects when a later page fails", async () => {
    const all = rows(400);
    const base = upstream(all);
    const failure = new UpstreamError("unavailable", "down", { status: 502 });
    const { client } = fakeClient(async (params) => {
      if (params.page === 3) throw failure;
      return base(params);
    });
    await expect(walkAllMigrations(client)).rejects.toBe(failure);
  });

  // The documented API does not say its maximum page size, nor that a larger one is refused with a 400.
  // An upstream that silently clamps page_size (answers 50 rows when asked for 100) must not lose rows.
  it("reads every migration from an upstream that clamps page_size instead of refusing it (with a total)", async () => {
    const all = rows(250);
    const { client } = fakeClient(async ({ page, pageSize }) => {
      const size = Math.min(pageSize, 50);
      const start = (page - 1) * size;
      return { migrations: all.slice(start, start + size), total: all.length, hasMore: start + size < all.length };
    });
    const result = await walkAllMigrations(client);
    expect(result).toHaveLength(all.length);
    expect(ids(result)).toEqual(ids(all));
  });

  it("reads every migration from an upstream that clamps page_size instead of refusing it (no total)", async () => {
    const all = rows(120);
    const { client } = fakeClient(async ({ page, pageSize }) => {
      const size = Math.min(pageSize, 50);
      const start = (page - 1) * size;
      return { migrations: all.slice(start, start + size) };
    });
    const result = await walkAllMigrations(client);
    expect(result).toHaveLength(all.length);
    expect(ids(result)).toEqual(ids(all));
  });
});
