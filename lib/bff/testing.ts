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

/** A client whose list calls go to `list`; records every call and how many were in flight at most. */
export function fakeClient(list: ListHandler) {
  const calls: ListMigrationsParams[] = [];
  const state = { inFlight: 0, maxInFlight: 0, getCalls: [] as string[] };
  const client: UpstreamClient = {
    async listMigrations(params, signal) {
      calls.push(params);
      state.inFlight++;
      state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
      try {
        return await list(params, signal);
      } finally {
        state.inFlight--;
      }
    },
    async getMigration(id) {
      state.getCalls.push(id);
      throw new Error("getMigration is not scripted in this test");
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
