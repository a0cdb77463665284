import { describe, expect, it } from "vitest";
import { UpstreamError } from "./errors";
import { readMigration, readMigrationList, readMigrationListTolerant } from "./reader";

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

describe("readMigrationListTolerant", () => {
  const second = wire({ id: "1f5b41bd-7c5e-42d9-b332-b31686e94424", status: "FAILED", company_id: null });

  it("reads a bare array of well-formed items like the strict reader, with nothing rejected", () => {
    const page = readMigrationListTolerant([wire(), second]);
    expect(page.migrations).toEqual(readMigrationList([wire(), second]).migrations);
    expect(page.received).toBe(2);
    expect(page.rejected).toEqual([]);
    expect(page.total).toBeUndefined();
    expect(page.hasMore).toBeUndefined();
  });

  it("reads a results/count envelope", () => {
    const page = readMigrationListTolerant({ results: [wire(), second], count: 1234 });
    expect(page.migrations).toHaveLength(2);
    expect(page.total).toBe(1234);
    expect(page.received).toBe(2);
  });

  it("skips malformed items, keeps the rest in order, and says which and why without their values", () => {
    const huge = "SECRET".repeat(200_000);
    const items = [
      wire(),
      wire({ created: undefined }),
      null,
      "a string",
      42,
      [wire()],
      wire({ id: 7 }),
      wire({ status: "" }),
      wire({ created: `2025-12-02T23:51:49.${"1".repeat(1_000_000)}x` }),
      wire({ company_id: { nested: huge } }),
      second,
    ];
    const page = readMigrationListTolerant({ data: items, total: 11, has_more: true });
    expect(page.migrations.map((m) => m.id)).toEqual([ID, second.id]);
    expect(page.received).toBe(items.length);
    expect(page.total).toBe(11);
    expect(page.hasMore).toBe(true);
    expect(page.rejected.map((row) => row.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const reasons = page.rejected.map((row) => row.reason);
    expect(reasons[0]).toContain("data[1].created is missing");
    expect(reasons[1]).toContain("data[2] must be an object");
    expect(reasons[5]).toContain("data[6].id must be a string");
    expect(reasons[6]).toContain("data[7].status must not be empty");
    expect(reasons[7]).toContain("data[8].created must be an ISO 8601 timestamp");
    expect(reasons[8]).toContain("data[9].company_id must be a string or null");
    for (const reason of reasons) {
      expect(reason).not.toContain("SECRET");
      expect(reason).not.toContain("1111111111");
      expect(reason.length).toBeLessThan(200);
    }
  });

  it("names array items by position in a bare array", () => {
    const page = readMigrationListTolerant([wire(), wire({ status: 5 })]);
    expect(page.rejected).toEqual([{ index: 1, reason: expect.stringContaining("item [1].status must be a string") }]);
  });

  it("keeps odd but string statuses, `__proto__` included, and is not fooled by a `__proto__` key", () => {
    const json = JSON.parse(
      `[${JSON.stringify(wire({ status: "__proto__" }))}, {"__proto__": {"status": "POLLUTED"}, ${JSON.stringify(second).slice(1)}]`,
    ) as unknown;
    const page = readMigrationListTolerant(json);
    expect(page.migrations.map((m) => m.status)).toEqual(["__proto__", "FAILED"]);
    expect(({} as Record<string, unknown>).status).toBeUndefined();
  });

  it("keeps an item with a very long string field: bounding lengths is the mirror's admission's job", () => {
    const page = readMigrationListTolerant([wire({ created_by_user_id: "u".repeat(1024 * 1024) })]);
    expect(page.migrations).toHaveLength(1);
    expect(page.rejected).toEqual([]);
  });

  it("reads an empty page", () => {
    expect(readMigrationListTolerant({ results: [], count: 0 })).toEqual({
      migrations: [],
      received: 0,
      rejected: [],
      total: 0,
    });
  });

  it.each([
    [{ object: "list", total: 3 }, "no list of migrations"],
    [{ data: "nope" }, "no list of migrations"],
    [null, "neither a list nor an object"],
    ["[]", "neither a list nor an object"],
  ])("still refuses an unreadable envelope %j", (json, expected) => {
    expect(badResponse(() => readMigrationListTolerant(json)).message).toContain(expected);
  });
});
