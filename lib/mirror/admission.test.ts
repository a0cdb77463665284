import { describe, expect, it } from "vitest";
import { normalizeCreated } from "@/lib/migrations/created-time";
import type { Migration } from "@/lib/migrations/migration";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { mirrorRejection } from "./admission";
import { countMirroredByStatus, findMirroredMigration, listMirroredMigrations } from "./queries";
import { recordObservedMigrations } from "./record-observations";
import { BASE_US, createdAt, mirrorTestMigration } from "./testing";

const valid = (overrides: Partial<Migration> = {}): Migration => ({
  id: "3f2b8c1e-9d4a-4e6b-8f0c-1a2b3c4d5e6f",
  ...createdAt(BASE_US),
  status: "COMPLETE",
  createdByUserId: "user0000000000001",
  companyId: "company000000001",
  ...overrides,
});

describe("mirrorRejection", () => {
  it("admits an ordinary migration, with or without a company, id in either case", () => {
    expect(mirrorRejection(valid())).toBeUndefined();
    expect(mirrorRejection(valid({ companyId: null }))).toBeUndefined();
    expect(mirrorRejection(valid({ id: valid().id.toUpperCase() }))).toBeUndefined();
  });

  it.each([
    "",
    "not-a-uuid",
    "../../admin",
    "3f2b8c1e9d4a4e6b8f0c1a2b3c4d5e6f",
    "3f2b8c1e-9d4a-4e6b-8f0c-1a2b3c4d5e6f\n",
    " 3f2b8c1e-9d4a-4e6b-8f0c-1a2b3c4d5e6f",
    "3f2b8c1e-9d4a-4e6b-8f0c-1a2b3c4d5e6f/../x",
    "3f2b8c1e-9d4a-4e6b-8f0c-1a2b3c4d5e6g",
    "x".repeat(1_000_000),
  ])("refuses the id %j", (id) => {
    expect(mirrorRejection(valid({ id }))).toBe("id is not a UUID");
  });

  it("bounds every text field: a giant value never reaches the database", () => {
    const giant = "A".repeat(1_000_000);
    expect(mirrorRejection(valid({ status: "S".repeat(64) }))).toBeUndefined();
    expect(mirrorRejection(valid({ status: "S".repeat(65) }))).toMatch(/^status /);
    expect(mirrorRejection(valid({ status: giant }))).toMatch(/^status /);
    expect(mirrorRejection(valid({ createdByUserId: "u".repeat(128) }))).toBeUndefined();
    expect(mirrorRejection(valid({ createdByUserId: "u".repeat(129) }))).toMatch(/^created_by_user_id /);
    expect(mirrorRejection(valid({ createdByUserId: giant }))).toMatch(/^created_by_user_id /);
    expect(mirrorRejection(valid({ companyId: "c".repeat(128) }))).toBeUndefined();
    expect(mirrorRejection(valid({ companyId: "c".repeat(129) }))).toMatch(/^company_id /);
    expect(mirrorRejection(valid({ companyId: giant }))).toMatch(/^company_id /);
    expect(mirrorRejection(valid({ createdRaw: `${valid().createdRaw}${"0".repeat(20)}` }))).toMatch(/^created /);
  });

  it.each([
    ["NUL", "WORK\u0000ING"],
    ["a newline", "WORKING\n"],
    ["a tab", "WORK\tING"],
    ["an escape sequence", "\u001b[31mRED"],
    ["DEL", "WORKING\u007f"],
    ["a space", "NOT STARTED"],
    ["a non-ASCII letter", "WÖRKING"],
    ["a right-to-left override", "\u202eGNIKROW"],
    ["a zero-width space", "WORK\u200bING"],
    ["a lone surrogate", "WORK\ud800ING"],
    ["nothing", ""],
  ])("refuses %s in any text field", (_, text) => {
    expect(mirrorRejection(valid({ status: text }))).toMatch(/^status /);
    expect(mirrorRejection(valid({ createdByUserId: text }))).toMatch(/^created_by_user_id /);
    expect(mirrorRejection(valid({ companyId: text }))).toMatch(/^company_id /);
  });

  it.each([
    ["a tab", "\t2025-12-02T23:51:49.807119"],
    ["a line break", "2025-12-02T23:51:49.807119\r\n"],
    ["a byte order mark", "\ufeff2025-12-02T23:51:49.807119"],
    ["a line separator", "2025-12-02T23:51:49.807119\u2028"],
    ["a no-break space", "2025-12-02T23:51:49.807119\u00a0"],
  ])("refuses %s around an otherwise valid created", (_, createdRaw) => {
    // The upstream reader accepts these (it trims before parsing) and would keep the raw value as sent.
    expect(normalizeCreated(createdRaw)).toBe(valid().created);
    expect(mirrorRejection(valid({ createdRaw }))).toMatch(/^created /);
  });

  it("admits created as sent with a space for the T, or a zone", () => {
    for (const createdRaw of [
      "2025-12-02 23:51:49.807119",
      "2025-12-02T23:51:49.807119+00:00",
      "2025-12-02T23:51:49.807119Z",
    ]) {
      expect(mirrorRejection(valid({ createdRaw }))).toBeUndefined();
    }
  });

  it.each([
    "__proto__",
    "constructor",
    "prototype",
    "toString",
    "hasOwnProperty",
    "';DROP/**/TABLE/**/x;--",
    "100%_done\\",
  ])("admits the odd but bounded, printable status %j as text", (status) => {
    expect(mirrorRejection(valid({ status }))).toBeUndefined();
  });
});

describe.each(TEST_ENGINES)("admitted rows in the mirror (%s)", (engine) => {
  const app = appDatabasePerTest(engine);

  it("stores and reads back odd admitted values exactly, counting and filtering them as plain text", async () => {
    const odd = [
      mirrorTestMigration({ status: "__proto__", companyId: null }),
      mirrorTestMigration({ status: "constructor", createdByUserId: "u".repeat(128), companyId: "c".repeat(128) }),
      mirrorTestMigration({ status: "');DROP/**/TABLE/**/mirror_migrations;--", createdByUserId: `"quoted"\\` }),
      mirrorTestMigration({ status: "100%_done", companyId: "%" }),
      mirrorTestMigration({ status: "S".repeat(64) }),
    ];
    for (const migration of odd) expect(mirrorRejection(migration)).toBeUndefined();
    await recordObservedMigrations(app().db, odd, { source: "sync", nowMs: 1 });

    for (const migration of odd) {
      expect((await findMirroredMigration(app().db, migration.id))?.migration).toEqual(migration);
    }
    const counts = await countMirroredByStatus(app().db, {});
    expect(Object.getPrototypeOf(counts)).toBeNull();
    expect(Object.keys(counts).sort()).toEqual(odd.map((migration) => migration.status).sort());
    expect(Object.values(counts)).toEqual([1, 1, 1, 1, 1]);

    // A LIKE pattern or a quote in a filter value is matched literally.
    const list = (filters: { statuses?: string[]; companyId?: string }) =>
      listMirroredMigrations(app().db, { ...filters, sort: "-created", page: 1, pageSize: 10 });
    expect((await list({ statuses: ["100%_done"] })).map((migration) => migration.id)).toEqual([odd[3]?.id]);
    expect((await list({ statuses: ["100%"] })).length).toBe(0);
    expect((await list({ companyId: "%" })).map((migration) => migration.id)).toEqual([odd[3]?.id]);
    expect((await list({ statuses: ["__proto__"] })).map((migration) => migration.companyId)).toEqual([null]);
  });
});
