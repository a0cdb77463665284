import { describe, expect, it } from "vitest";
import type { MigrationListParams } from "@/lib/migrations/list-options";
import type { Migration } from "@/lib/migrations/migration";
import type { UpstreamSettings } from "@/lib/upstream/config";
import { listMigrationView } from "./list-view";
import { MigrationIndex } from "./migration-index";
import { fakeClient, migration } from "./testing";
import type { UpstreamAccess } from "./upstream-access";

const FIRST_PAGE: MigrationListParams = { page: 1, pageSize: 25, statuses: [], sort: "-created" };
const settings: UpstreamSettings = {
  mode: "remote",
  baseUrl: "http://upstream.test/api/v1",
  apiKey: "k",
  timeoutMs: 1000,
  supportsFilters: false,
};

/** An upstream whose migrations can change between calls, like a live one. */
function liveUpstream(initial: Migration[]) {
  const state = { migrations: initial };
  const { client } = fakeClient(async ({ page, pageSize }) => ({
    migrations: state.migrations.slice((page - 1) * pageSize, page * pageSize),
    total: state.migrations.length,
  }));
  return { state, client };
}

describe("listMigrationView: counts beside fresh rows", () => {
  it("refreshes a stale index before answering when the upstream's total disagrees with it", async () => {
    const { state, client } = liveUpstream([migration(1, { status: "FAILED" }), migration(2)]);
    let now = 1_000_000;
    const index = new MigrationIndex(
      async () => state.migrations,
      100,
      () => now,
    );
    const access: UpstreamAccess = { settings, client, index };
    expect((await listMigrationView(access, FIRST_PAGE)).counts).toEqual({ FAILED: 1, COMPLETE: 1 });

    state.migrations = [];
    now += 101;
    const view = await listMigrationView(access, FIRST_PAGE);
    expect(view.total).toBe(0);
    // Without the wait this would still be { FAILED: 1, COMPLETE: 1 } beside "no migrations".
    expect(view.counts).toEqual({});
  });

  it("does not wait for the index while it is fresh, even when totals differ", async () => {
    const { state, client } = liveUpstream([migration(1), migration(2)]);
    let walks = 0;
    const index = new MigrationIndex(
      async () => {
        walks++;
        return state.migrations;
      },
      60_000,
      () => 1_000_000,
    );
    const access: UpstreamAccess = { settings, client, index };
    await listMigrationView(access, FIRST_PAGE);
    state.migrations = [migration(3), ...state.migrations];
    const view = await listMigrationView(access, FIRST_PAGE);
    expect(view.total).toBe(3);
    expect(view.counts).toEqual({ COMPLETE: 2 });
    expect(walks).toBe(1);
  });
});
