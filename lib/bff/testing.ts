/**
 * Helpers for the BFF's unit tests only. Never import this from production code.
 */
import type { Migration } from "@/lib/migrations/migration";
import type { ListMigrationsParams, UpstreamClient } from "@/lib/upstream/client";
import type { MigrationListPage } from "@/lib/upstream/reader";

/** A migration with a distinct id per `n` (a valid UUID) and `created` `n` seconds after a fixed time. */
export function migration(n: number, overrides: Partial<Migration> = {}): Migration {
  const created = new Date(Date.UTC(2025, 0, 1) + n * 1000).toISOString();
  return {
    id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`,
    created,
    createdRaw: `${created.slice(0, -1)}000`,
    status: "COMPLETE",
    createdByUserId: "user-1",
    companyId: "company-1",
    ...overrides,
  };
}

export type ListHandler = (params: ListMigrationsParams, signal?: AbortSignal) => Promise<MigrationListPage>;
export type GetHandler = (id: string, signal?: AbortSignal) => Promise<Migration>;

/**
 * A client whose list calls go to `list` (the tolerant ones too, as a page with nothing rejected) and
 * whose get calls go to `get`; records every call and how many were in flight at most.
 */
export function fakeClient(list: ListHandler, get?: GetHandler) {
  const calls: ListMigrationsParams[] = [];
  const state = { inFlight: 0, maxInFlight: 0, getCalls: [] as string[] };
  async function tracked<T>(work: () => Promise<T>): Promise<T> {
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    try {
      return await work();
    } finally {
      state.inFlight--;
    }
  }
  const client: UpstreamClient = {
    listMigrations(params, signal) {
      calls.push(params);
      return tracked(() => list(params, signal));
    },
    listMigrationsTolerant(params, signal) {
      calls.push(params);
      return tracked(async () => {
        const page = await list(params, signal);
        return { ...page, received: page.migrations.length, rejected: [] };
      });
    },
    getMigration(id, signal) {
      state.getCalls.push(id);
      if (!get) return Promise.reject(new Error("getMigration is not scripted in this test"));
      return tracked(() => get(id, signal));
    },
  };
  return { client, calls, state };
}

/** Resolves after a macrotask, so that concurrent callers really overlap. */
export function tick(ms = 1): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
