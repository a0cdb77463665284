import { describe, expect, it, vi } from "vitest";
import type { Migration } from "@/lib/migrations/migration";
import type { UpstreamClient } from "@/lib/upstream/client";
import { UpstreamError } from "@/lib/upstream/errors";
import { BffError } from "./bff-error";
import { migrationDetailView } from "./detail-view";
import { MigrationIndex } from "./migration-index";
import { migration } from "./testing";
import type { UpstreamAccess } from "./upstream-access";

function accessWith(getMigration: (id: string) => Promise<Migration>) {
  const get = vi.fn(getMigration);
  const list = vi.fn(async () => ({ migrations: [] }));
  const client: UpstreamClient = { getMigration: get, listMigrations: list };
  const access: UpstreamAccess = {
    settings: {
      mode: "remote",
      baseUrl: "https://upstream.test/api/v1",
      apiKey: "k",
      timeoutMs: 1000,
      supportsFilters: false,
    },
    client,
    index: new MigrationIndex(async () => [], 1000),
  };
  return { access, get, list };
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
  ])("refuses %j with a 400 naming id, before any upstream call", async (id) => {
    const { access, get, list } = accessWith(async () => migration(1));
    const error = await migrationDetailView(access, id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BffError);
    expect((error as BffError).status).toBe(400);
    expect((error as BffError).code).toBe("invalid_parameter");
    expect((error as BffError).extra).toEqual({ param: "id" });
    expect((error as BffError).message).toBe("id must be a migration id (a UUID).");
    expect(get).not.toHaveBeenCalled();
    expect(list).not.toHaveBeenCalled();
  });

  it("returns the upstream's migration and when it was asked", async () => {
    const wanted = migration(1, { status: "NEW_THING", companyId: null });
    const { access, get } = accessWith(async () => wanted);
    const before = Date.now();
    const view = await migrationDetailView(access, wanted.id);
    expect(get).toHaveBeenCalledTimes(1);
    expect(get).toHaveBeenCalledWith(wanted.id);
    expect(view.data).toEqual(wanted);
    expect(Date.parse(view.as_of)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(view.as_of)).toBeLessThanOrEqual(Date.now());
    expect(view.as_of).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it("accepts an upper-case UUID", async () => {
    const id = "9F5B41BD-7C5E-42D9-B332-B31686E94424";
    const { access, get } = accessWith(async () => migration(1, { id }));
    await migrationDetailView(access, id);
    expect(get).toHaveBeenCalledWith(id);
  });

  it("lets the upstream's errors through for the error mapping", async () => {
    const failure = new UpstreamError("not_found", "gone", { status: 404 });
    const { access } = accessWith(async () => {
      throw failure;
    });
    await expect(migrationDetailView(access, migration(3).id)).rejects.toBe(failure);
  });
});
