import { beforeEach, describe, expect, it } from "vitest";
import type { EmbeddedDatabase } from "./database";
import type { EmbeddedApiContext } from "./handlers";
import type { MigrationRecord } from "./migrations-store";
import {
  type ErrorEnvelope,
  expectedOrder,
  insertRows,
  type ListBody,
  list,
  MIGRATION_KEYS,
  makeOrg,
  memoryDatabase,
  NAIVE_UTC_MICROS,
  type Row,
  T0_US,
  type TestOrg,
} from "./testing";

async function okList(response: Response): Promise<ListBody> {
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await response.json()) as ListBody;
  expect(Object.keys(body).sort()).toEqual(["data", "has_more", "object", "page", "page_size", "total"]);
  expect(body.object).toBe("list");
  for (const migration of body.data) {
    expect(Object.keys(migration).sort()).toEqual(MIGRATION_KEYS);
    expect(migration.object).toBe("migration");
    expect(migration.created).toMatch(NAIVE_UTC_MICROS);
  }
  return body;
}

async function expectInvalid(response: Response, param: string): Promise<void> {
  expect(response.status).toBe(400);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await response.json()) as ErrorEnvelope;
  expect(Object.keys(body)).toEqual(["error"]);
  expect(Object.keys(body.error).sort()).toEqual(["message", "param", "type"]);
  expect(body.error.type).toBe("invalid_request");
  expect(body.error.param).toBe(param);
  expect(typeof body.error.message).toBe("string");
  expect(body.error.message.length).toBeGreaterThan(0);
}

const ids = (body: ListBody) => body.data.map((m) => m.id as string);

let db: EmbeddedDatabase;
let ctx: EmbeddedApiContext;
let strictCtx: EmbeddedApiContext;
let a: TestOrg;

beforeEach(() => {
  db = memoryDatabase();
  ctx = { db, strict: false };
  strictCtx = { db, strict: true };
  a = makeOrg(db, "alpha");
});

describe("pagination", () => {
  let rows: MigrationRecord[];
  beforeEach(() => {
    // 25 rows with distinct times, inserted in scrambled order so that insertion order is not the answer.
    const specs: Array<Partial<Row>> = Array.from({ length: 25 }, (_, i) => ({
      createdUs: T0_US - ((i * 7) % 25) * 60_000_000,
    }));
    rows = insertRows(db, a.org, specs);
  });

  it("defaults to page 1 and page_size 10, newest first", async () => {
    const body = await okList(await list(ctx, a.key));
    expect(body.page).toBe(1);
    expect(body.page_size).toBe(10);
    expect(body.total).toBe(25);
    expect(body.has_more).toBe(true);
    expect(ids(body)).toEqual(
      expectedOrder(rows)
        .slice(0, 10)
        .map((r) => r.id),
    );
    expect(body.data[0]?.created).toBe("2025-12-02T23:51:49.807119");
  });

  it("walks every page with exact total and has_more; the short last page has has_more false", async () => {
    const expected = expectedOrder(rows).map((r) => r.id);
    const p1 = await okList(await list(ctx, a.key, "page=1&page_size=10"));
    const p2 = await okList(await list(ctx, a.key, "page=2&page_size=10"));
    const p3 = await okList(await list(ctx, a.key, "page=3&page_size=10"));
    expect([p1.has_more, p2.has_more, p3.has_more]).toEqual([true, true, false]);
    expect([p1.total, p2.total, p3.total]).toEqual([25, 25, 25]);
    expect([p1.page, p2.page, p3.page]).toEqual([1, 2, 3]);
    expect(ids(p3)).toHaveLength(5);
    expect([...ids(p1), ...ids(p2), ...ids(p3)]).toEqual(expected);
  });

  it("an exactly full last page has has_more false", async () => {
    const p5 = await okList(await list(ctx, a.key, "page=5&page_size=5"));
    expect(ids(p5)).toEqual(
      expectedOrder(rows)
        .slice(20, 25)
        .map((r) => r.id),
    );
    expect(p5.has_more).toBe(false);
    expect(p5.total).toBe(25);
    const p4 = await okList(await list(ctx, a.key, "page=4&page_size=5"));
    expect(p4.has_more).toBe(true);
  });

  it("a page past the end is 200 with no data and the right total", async () => {
    for (const query of ["page=4&page_size=10", "page=1000&page_size=10", "page=2&page_size=100"]) {
      const body = await okList(await list(ctx, a.key, query));
      expect(body.data).toEqual([]);
      expect(body.total).toBe(25);
      expect(body.has_more).toBe(false);
    }
  });

  it("an organization without migrations gets an empty first page", async () => {
    const empty = makeOrg(db, "empty");
    const body = await okList(await list(ctx, empty.key));
    expect(body).toEqual({ object: "list", data: [], page: 1, page_size: 10, total: 0, has_more: false });
  });
});

describe("page_size limit", () => {
  it("accepts page_size=100 and returns at most 100 rows", async () => {
    const rows = insertRows(
      db,
      a.org,
      Array.from({ length: 150 }, (_, i) => ({ createdUs: T0_US - i * 1000 })),
    );
    const expected = expectedOrder(rows).map((r) => r.id);
    const p1 = await okList(await list(ctx, a.key, "page_size=100"));
    expect(p1.page_size).toBe(100);
    expect(ids(p1)).toEqual(expected.slice(0, 100));
    expect(p1.has_more).toBe(true);
    expect(p1.total).toBe(150);
    const p2 = await okList(await list(ctx, a.key, "page=2&page_size=100"));
    expect(ids(p2)).toEqual(expected.slice(100));
    expect(p2.has_more).toBe(false);
  });
});

describe("order tie-break", () => {
  it("orders rows with the same created by id descending, stable across pages", async () => {
    const same = insertRows(
      db,
      a.org,
      Array.from({ length: 30 }, () => ({ createdUs: T0_US })),
    );
    const older = insertRows(db, a.org, [{ createdUs: T0_US - 1 }, { createdUs: T0_US - 1 }]);
    const newer = insertRows(db, a.org, [{ createdUs: T0_US + 1 }]);
    const expectedIds = [
      ...newer.map((r) => r.id),
      ...same.map((r) => r.id).sort((x, y) => (x < y ? 1 : -1)),
      ...older.map((r) => r.id).sort((x, y) => (x < y ? 1 : -1)),
    ];
    const seen: string[] = [];
    for (let page = 1; page <= 5; page++) {
      const body = await okList(await list(ctx, a.key, `page=${page}&page_size=7`));
      expect(body.total).toBe(33);
      expect(body.has_more).toBe(page < 5);
      seen.push(...ids(body));
    }
    expect(seen).toEqual(expectedIds);
    expect(new Set(seen).size).toBe(33);
  });
});

describe("invalid page parameters", () => {
  beforeEach(() => {
    insertRows(db, a.org, [{}, {}, {}]);
  });

  const cases: Array<[string, string]> = [
    ["page=0", "page"],
    ["page=-1", "page"],
    ["page=abc", "page"],
    ["page=1.5", "page"],
    ["page=", "page"],
    ["page=1e2", "page"],
    ["page=%201", "page"],
    ["page=1&page=2", "page"],
    ["page_size=0", "page_size"],
    ["page_size=101", "page_size"],
    ["page_size=1000", "page_size"],
    ["page_size=", "page_size"],
    ["page_size=-5", "page_size"],
    ["page_size=ten", "page_size"],
    ["page_size=10&page_size=20", "page_size"],
  ];

  it.each(cases)("%s → 400 naming %s", async (query, param) => {
    await expectInvalid(await list(ctx, a.key, query), param);
  });

  it.each(cases)("%s → 400 naming %s in strict mode too", async (query, param) => {
    await expectInvalid(await list(strictCtx, a.key, query), param);
  });
});

describe("filters", () => {
  const U1 = "user_1111";
  const U2 = "user_2222";
  const C1 = "company_aaaa";
  const C2 = "company_bbbb";
  let rows: MigrationRecord[];
  let other: TestOrg;

  beforeEach(() => {
    const statuses = ["COMPLETE", "FAILED", "WORKING", "PENDING_USER_INPUT", "COMPLETED_WITH_FAILURES", "NOT_STARTED"];
    const specs: Array<Partial<Row>> = [];
    for (let i = 0; i < 36; i++) {
      specs.push({
        createdUs: T0_US - i * 1_000_000,
        status: statuses[i % 6] as Row["status"],
        createdByUserId: i % 2 === 0 ? U1 : U2,
        companyId: i % 3 === 0 ? C1 : i % 3 === 1 ? C2 : null,
      });
    }
    rows = insertRows(db, a.org, specs);
    // Another organization with matching values must never leak into the counts.
    other = makeOrg(db, "other");
    insertRows(
      db,
      other.org,
      Array.from({ length: 12 }, (_, i) => ({
        status: "FAILED",
        createdByUserId: U1,
        companyId: C1,
        createdUs: T0_US - i,
      })),
    );
  });

  /** Fetches every page with page_size 100 and checks total against the expected matching rows. */
  async function expectFiltered(query: string, matches: (r: MigrationRecord) => boolean, context = ctx) {
    const expected = expectedOrder(rows.filter(matches)).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(0);
    const body = await okList(await list(context, a.key, `${query}&page_size=100`));
    expect(body.total).toBe(expected.length);
    expect(body.has_more).toBe(false);
    expect(ids(body)).toEqual(expected);
    return body;
  }

  it("status: single value", async () => {
    const body = await expectFiltered("status=FAILED", (r) => r.status === "FAILED");
    expect(body.total).toBe(6);
    expect(body.data.every((m) => m.status === "FAILED")).toBe(true);
  });

  it("status: comma-separated values", async () => {
    const body = await expectFiltered("status=FAILED,COMPLETED_WITH_FAILURES", (r) =>
      ["FAILED", "COMPLETED_WITH_FAILURES"].includes(r.status),
    );
    expect(body.total).toBe(12);
  });

  it("status: repeated parameter", async () => {
    const body = await expectFiltered("status=WORKING&status=PENDING_USER_INPUT", (r) =>
      ["WORKING", "PENDING_USER_INPUT"].includes(r.status),
    );
    expect(body.total).toBe(12);
  });

  it("status: repeated and comma-separated, with duplicates", async () => {
    const body = await expectFiltered("status=COMPLETE,FAILED&status=FAILED&status=NOT_STARTED", (r) =>
      ["COMPLETE", "FAILED", "NOT_STARTED"].includes(r.status),
    );
    expect(body.total).toBe(18);
  });

  it("status filter paginates with exact total and has_more", async () => {
    const expected = expectedOrder(rows.filter((r) => r.status === "COMPLETE" || r.status === "FAILED")).map(
      (r) => r.id,
    );
    expect(expected).toHaveLength(12);
    const p1 = await okList(await list(ctx, a.key, "status=COMPLETE,FAILED&page_size=5"));
    const p3 = await okList(await list(ctx, a.key, "status=COMPLETE,FAILED&page_size=5&page=3"));
    expect([p1.total, p3.total]).toEqual([12, 12]);
    expect([p1.has_more, p3.has_more]).toEqual([true, false]);
    expect(ids(p1)).toEqual(expected.slice(0, 5));
    expect(ids(p3)).toEqual(expected.slice(10));
  });

  it.each(["status=DONE", "status=failed", "status=FAILED,BOGUS", "status=FAILED&status=NOPE", "status="])(
    "%s → 400 naming status",
    async (query) => {
      await expectInvalid(await list(ctx, a.key, query), "status");
    },
  );

  it("company_id", async () => {
    const body = await expectFiltered("company_id=company_bbbb", (r) => r.companyId === C2);
    expect(body.total).toBe(12);
    expect(body.data.every((m) => m.company_id === C2)).toBe(true);
  });

  it("created_by_user_id", async () => {
    const body = await expectFiltered("created_by_user_id=user_2222", (r) => r.createdByUserId === U2);
    expect(body.total).toBe(18);
    expect(body.data.every((m) => m.created_by_user_id === U2)).toBe(true);
  });

  it("status + company_id + created_by_user_id combined", async () => {
    // i ≡ 0 (mod 6) → COMPLETE, U1, C1: i = 0, 6, …, 30.
    const body = await expectFiltered(
      "status=COMPLETE,WORKING&company_id=company_aaaa&created_by_user_id=user_1111",
      (r) => ["COMPLETE", "WORKING"].includes(r.status) && r.companyId === C1 && r.createdByUserId === U1,
    );
    for (const m of body.data) {
      expect(["COMPLETE", "WORKING"]).toContain(m.status);
      expect(m.company_id).toBe(C1);
      expect(m.created_by_user_id).toBe(U1);
    }
  });

  it("company_id + created_by_user_id combined", async () => {
    await expectFiltered(
      "company_id=company_bbbb&created_by_user_id=user_2222",
      (r) => r.companyId === C2 && r.createdByUserId === U2,
    );
  });

  it("a filter that matches nothing gives total 0", async () => {
    const body = await okList(await list(ctx, a.key, "company_id=company_none&status=FAILED"));
    expect(body.total).toBe(0);
    expect(body.data).toEqual([]);
    expect(body.has_more).toBe(false);
  });

  it.each([
    ["company_id=a&company_id=b", "company_id"],
    ["company_id=", "company_id"],
    ["company_id=has%20space", "company_id"],
    ["created_by_user_id=", "created_by_user_id"],
    ["created_by_user_id=u1&created_by_user_id=u2", "created_by_user_id"],
  ])("%s → 400 naming %s", async (query, param) => {
    await expectInvalid(await list(ctx, a.key, query), param);
  });

  it("strict mode ignores filters and returns the full list", async () => {
    const expected = expectedOrder(rows).map((r) => r.id);
    for (const query of [
      "status=FAILED",
      "company_id=company_aaaa&created_by_user_id=user_1111",
      "status=BOGUS",
      "status=",
      "company_id=",
      "company_id=a&company_id=b",
      "created_by_user_id=has%20space",
    ]) {
      const body = await okList(await list(strictCtx, a.key, `${query}&page_size=100`));
      expect(body.total).toBe(36);
      expect(ids(body)).toEqual(expected);
    }
  });
});
