import { describe, expect, it } from "vitest";
import { UpstreamError } from "./errors";
import { readMigration, readMigrationList } from "./reader";

const ID = "9f5b41bd-7c5e-42d9-b332-b31686e94424";

function wire(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    object: "migration",
    id: ID,
    created: "2025-12-02T23:51:49.807119",
    status: "COMPLETE",
    created_by_user_id: "9876543210fedcba",
    company_id: "abcdef1234567890",
    ...overrides,
  };
}

const EXPECTED = {
  id: ID,
  created: "2025-12-02T23:51:49.807Z",
  createdRaw: "2025-12-02T23:51:49.807119",
  status: "COMPLETE",
  createdByUserId: "9876543210fedcba",
  companyId: "abcdef1234567890",
};

function badResponse(read: () => unknown): UpstreamError {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).kind).toBe("bad_response");
    return error as UpstreamError;
  }
  throw new Error("expected a bad_response");
}

describe("readMigration", () => {
  it("reshapes the seed's migration object into the app's Migration", () => {
    expect(readMigration(wire())).toEqual(EXPECTED);
  });

  it.each(["2025-12-02T23:51:49.807119", "2025-12-02T23:51:49.807119Z", "2025-12-02T23:51:49.807119+00:00"])(
    "normalizes created %s to the same UTC instant and keeps the raw value",
    (created) => {
      const migration = readMigration(wire({ created }));
      expect(migration.created).toBe("2025-12-02T23:51:49.807Z");
      expect(migration.createdRaw).toBe(created);
    },
  );

  it.each(["NOT_READY", "LOGIN_ABANDONED", "SOMETHING_NEW", "weird status"])("keeps status %s as sent", (status) => {
    expect(readMigration(wire({ status })).status).toBe(status);
  });

  it("reads a null company_id as null", () => {
    expect(readMigration(wire({ company_id: null })).companyId).toBeNull();
  });

  it("reads an absent company_id as null", () => {
    const { company_id: _, ...rest } = wire();
    expect(readMigration(rest).companyId).toBeNull();
  });

  it("ignores extra fields and does not need `object`", () => {
    const { object: _, ...rest } = wire({ extra: { nested: true }, livemode: false });
    expect(readMigration(rest)).toEqual(EXPECTED);
  });

  it.each([
    ["id", wire({ id: undefined }), "id is missing"],
    ["id", wire({ id: 42 }), "id must be a string"],
    ["id", wire({ id: "" }), "id must not be empty"],
    ["created", wire({ created: "yesterday-secret" }), "created must be an ISO 8601 timestamp"],
    ["created", wire({ created: undefined }), "created is missing"],
    ["status", wire({ status: "" }), "status must not be empty"],
    ["status", wire({ status: null }), "status must be a string"],
    ["created_by_user_id", wire({ created_by_user_id: 7 }), "created_by_user_id must be a string"],
    ["company_id", wire({ company_id: 12345 }), "company_id must be a string or null"],
  ])("rejects a bad %s, naming the field", (_field, json, expected) => {
    const error = badResponse(() => readMigration(json));
    expect(error.message).toContain(expected);
    expect(error.message).not.toContain("yesterday-secret");
  });

  it.each([null, "text", 12, [wire()]])("rejects %j as not a migration object", (json) => {
    expect(badResponse(() => readMigration(json)).message).toContain("the body must be an object");
  });
});

describe("readMigrationList", () => {
  const items = [wire(), wire({ id: "1f5b41bd-7c5e-42d9-b332-b31686e94424", status: "FAILED", company_id: null })];

  it("reads a bare array", () => {
    const page = readMigrationList(items);
    expect(page.migrations).toHaveLength(2);
    expect(page.migrations[0]).toEqual(EXPECTED);
    expect(page.migrations[1]?.companyId).toBeNull();
    expect(page.total).toBeUndefined();
    expect(page.hasMore).toBeUndefined();
  });

  it.each(["data", "results", "items", "migrations"])("reads the array under %s", (key) => {
    const page = readMigrationList({ object: "list", [key]: items });
    expect(page.migrations.map((m) => m.status)).toEqual(["COMPLETE", "FAILED"]);
    expect(page.total).toBeUndefined();
  });

  it.each(["total", "total_count", "count"])("reads a total named %s", (key) => {
    expect(readMigrationList({ data: items, [key]: 123 }).total).toBe(123);
  });

  it("reads the embedded API's envelope with total and has_more", () => {
    const page = readMigrationList({ object: "list", data: items, page: 1, page_size: 10, total: 2, has_more: true });
    expect(page).toEqual({ migrations: page.migrations, total: 2, hasMore: true });
    expect(readMigrationList({ results: items, has_more: false }).hasMore).toBe(false);
  });

  it("prefers total over total_count over count, and ignores totals that are not counts", () => {
    expect(readMigrationList({ data: items, total: 5, total_count: 6, count: 2 }).total).toBe(5);
    expect(readMigrationList({ data: items, total_count: 6, count: 2 }).total).toBe(6);
    expect(readMigrationList({ data: items, total: -1, count: 2 }).total).toBe(2);
    expect(readMigrationList({ data: items, total: "7" }).total).toBe(7);
    expect(readMigrationList({ data: items, total: 1.5 }).total).toBeUndefined();
    expect(readMigrationList({ data: items, has_more: "yes" }).hasMore).toBeUndefined();
  });

  it("reads an empty list", () => {
    expect(readMigrationList({ data: [], total: 0, has_more: false })).toEqual({
      migrations: [],
      total: 0,
      hasMore: false,
    });
  });

  it("keeps unknown statuses in the list", () => {
    const page = readMigrationList([wire({ status: "BRAND_NEW" }), wire({ status: "COMPLETE" })]);
    expect(page.migrations.map((m) => m.status)).toEqual(["BRAND_NEW", "COMPLETE"]);
  });

  it("rejects the whole list when one item is malformed, naming where", () => {
    const error = badResponse(() =>
      readMigrationList({ data: [wire(), wire(), wire({ created: "not-a-time-SECRET" })], total: 3 }),
    );
    expect(error.message).toContain("data[2].created must be an ISO 8601 timestamp");
    expect(error.message).not.toContain("SECRET");
    expect(badResponse(() => readMigrationList([wire(), "oops"])).message).toContain("item [1] must be an object");
  });

  it.each([
    [{ object: "list", total: 3 }, "no list of migrations"],
    [{ data: { not: "an array" } }, "no list of migrations"],
    [null, "neither a list nor an object"],
    ["[]", "neither a list nor an object"],
    [42, "neither a list nor an object"],
  ])("rejects %j", (json, expected) => {
    expect(badResponse(() => readMigrationList(json)).message).toContain(expected);
  });
});
