import { beforeEach, describe, expect, it } from "vitest";
import type { DocumentedStatus } from "@/lib/migrations/statuses";
import type { EmbeddedDatabase } from "./database";
import type { EmbeddedApiContext } from "./handlers";
import { insertMigrations, type MigrationRecord, updateMigrationStatus } from "./migrations-store";
import { seededRandom } from "./random";
import {
  ALL_STATUSES,
  expectedOrder,
  insertRows,
  type ListBody,
  list,
  makeOrg,
  memoryDatabase,
  T0_US,
  type TestOrg,
} from "./testing";

/**
 * Lists long enough that deep pages lie beyond a thousand rows or more, with ties on `created`
 * across any page or cache boundary, and changes between reads: the order, the totals and the
 * page contents must stay exact however the store finds a page or counts.
 */

const N = 3500;

let db: EmbeddedDatabase;
let ctx: EmbeddedApiContext;
let a: TestOrg;
let b: TestOrg;
let rows: MigrationRecord[];

function status(i: number): DocumentedStatus {
  return ALL_STATUSES[(i * 5 + Math.floor(i / 11)) % 6] as DocumentedStatus;
}

beforeEach(() => {
  db = memoryDatabase();
  ctx = { db, strict: false };
  a = makeOrg(db, "alpha");
  b = makeOrg(db, "beta");
  // Groups of 7 rows share a timestamp, so ties straddle every page and every power-of-two boundary.
  rows = insertRows(
    db,
    a.org,
    Array.from({ length: N }, (_, i) => ({
      createdUs: T0_US - Math.floor(i / 7) * 1000,
      status: status(i),
      companyId: i % 4 === 0 ? null : `company_${i % 3}`,
      createdByUserId: `user_${i % 5}`,
    })),
  );
  // Another organization with rows at the very same times must never show up.
  insertRows(
    db,
    b.org,
    Array.from({ length: 1500 }, (_, i) => ({ createdUs: T0_US - Math.floor(i / 3) * 1000, status: status(i) })),
  );
});

async function page(query: string, key = a.key): Promise<ListBody> {
  const response = await list(ctx, key, query);
  expect(response.status, query).toBe(200);
  return (await response.json()) as ListBody;
}

const idsOf = (body: ListBody) => body.data.map((m) => m.id as string);

function expectedIds(matches: (r: MigrationRecord) => boolean = () => true): string[] {
  return expectedOrder(rows.filter(matches)).map((r) => r.id);
}

async function expectPage(query: string, expected: string[], pageNumber: number, pageSize: number) {
  const body = await page(`${query}&page=${pageNumber}&page_size=${pageSize}`);
  const start = (pageNumber - 1) * pageSize;
  expect(idsOf(body), `${query} page ${pageNumber} size ${pageSize}`).toEqual(expected.slice(start, start + pageSize));
  expect(body.total, `${query} total`).toBe(expected.length);
  expect(body.has_more, `${query} has_more`).toBe(start + pageSize < expected.length);
}

describe("deep pages", () => {
  it("walking every page of 100 gives the whole list once, in order", async () => {
    const expected = expectedIds();
    const seen: string[] = [];
    for (let p = 1; p <= Math.ceil(N / 100); p++) {
      const body = await page(`page=${p}&page_size=100`);
      expect(body.total).toBe(N);
      expect(body.has_more).toBe(p * 100 < N);
      seen.push(...idsOf(body));
    }
    expect(seen).toEqual(expected);
  });

  it("pages read in random order, cold, match the expected slices", async () => {
    const expected = expectedIds();
    for (const [p, size] of [
      [30, 100],
      [12, 100],
      [35, 100],
      [36, 100],
      [1, 100],
      [17, 64],
      [33, 64],
      [16, 64],
      [55, 64],
      [1025, 1],
      [1024, 1],
      [2049, 1],
      [2048, 1],
      [3073, 1],
      [3500, 1],
      [3501, 1],
      [341, 3],
      [342, 3],
      [200, 7],
    ] as const) {
      await expectPage("x=1", expected, p, size);
    }
  });

  it("multi-status, company and user filters on deep pages", async () => {
    const cases: Array<[string, (r: MigrationRecord) => boolean]> = [
      ["status=COMPLETE,FAILED,WORKING", (r) => ["COMPLETE", "FAILED", "WORKING"].includes(r.status)],
      [
        "status=NOT_STARTED&status=PENDING_USER_INPUT&status=COMPLETED_WITH_FAILURES&status=COMPLETE",
        (r) => r.status !== "FAILED" && r.status !== "WORKING",
      ],
      ["company_id=company_1", (r) => r.companyId === "company_1"],
      [
        "status=COMPLETE,FAILED&created_by_user_id=user_2",
        (r) => ["COMPLETE", "FAILED"].includes(r.status) && r.createdByUserId === "user_2",
      ],
    ];
    for (const [query, matches] of cases) {
      const expected = expectedIds(matches);
      const last = Math.ceil(expected.length / 50);
      for (const p of [last, Math.ceil(last / 2), 21, 22, 41, 1, last + 1]) {
        await expectPage(query, expected, p, 50);
      }
      // Every row exactly once over all pages.
      const seen: string[] = [];
      for (let p = 1; p <= Math.ceil(expected.length / 100); p++)
        seen.push(...idsOf(await page(`${query}&page=${p}&page_size=100`)));
      expect(seen, query).toEqual(expected);
    }
  });

  it("stays exact after new migrations arrive between reads", async () => {
    // Warm whatever the store remembers about deep pages.
    await expectPage("x=1", expectedIds(), 30, 100);
    await expectPage(
      "status=COMPLETE,FAILED",
      expectedIds((r) => ["COMPLETE", "FAILED"].includes(r.status)),
      9,
      100,
    );
    const fresh: MigrationRecord[] = [];
    // New rows: newest, in the middle (tied with an existing group), and oldest.
    for (const createdUs of [T0_US + 5, T0_US - 250 * 1000, T0_US - 250 * 1000, T0_US - 10_000_000]) {
      fresh.push(...insertRows(db, a.org, [{ createdUs, status: "FAILED" }]));
    }
    rows.push(...fresh);
    const expected = expectedIds();
    for (const p of [30, 12, 36, 1]) await expectPage("x=1", expected, p, 100);
    for (const p of [1024, 1025, 3504]) await expectPage("x=1", expected, p, 1);
    const filtered = expectedIds((r) => ["COMPLETE", "FAILED"].includes(r.status));
    for (const p of [9, 12, 1]) await expectPage("status=COMPLETE,FAILED", filtered, p, 100);
  });

  it("stays exact after status changes between reads, and totals per status match", async () => {
    await expectPage(
      "status=COMPLETE",
      expectedIds((r) => r.status === "COMPLETE"),
      6,
      100,
    );
    await expectPage("x=1", expectedIds(), 25, 100);
    const random = seededRandom(3);
    for (let k = 0; k < 400; k++) {
      const index = Math.floor(random() * rows.length);
      const row = rows[index] as MigrationRecord;
      const next = ALL_STATUSES[Math.floor(random() * 6)] as DocumentedStatus;
      updateMigrationStatus(db, row.id, next, T0_US + k);
      rows[index] = { ...row, status: next };
    }
    for (const s of ALL_STATUSES) {
      const expected = expectedIds((r) => r.status === s);
      const body = await page(`status=${s}&page_size=1`);
      expect(body.total, s).toBe(expected.length);
      for (const p of [1, Math.ceil(expected.length / 2), expected.length])
        await expectPage(`status=${s}`, expected, p, 1);
    }
    await expectPage(
      "status=COMPLETE",
      expectedIds((r) => r.status === "COMPLETE"),
      6,
      100,
    );
    await expectPage("x=1", expectedIds(), 25, 100);
    // The sum over statuses is the whole list; the other organization's counts are untouched.
    expect(
      (await page("status=NOT_STARTED,WORKING,PENDING_USER_INPUT,COMPLETE,FAILED,COMPLETED_WITH_FAILURES")).total,
    ).toBe(N);
    expect((await page("", b.key)).total).toBe(1500);
  });

  it("updating a migration of one organization never changes another organization's totals", async () => {
    const before = await Promise.all(ALL_STATUSES.map(async (s) => (await page(`status=${s}`, b.key)).total));
    for (const row of rows.slice(0, 200)) updateMigrationStatus(db, row.id, "FAILED", T0_US);
    const after = await Promise.all(ALL_STATUSES.map(async (s) => (await page(`status=${s}`, b.key)).total));
    expect(after).toEqual(before);
    expect((await page("status=FAILED")).total).toBe(rows.filter((r, i) => i < 200 || r.status === "FAILED").length);
  });

  it("a database with many organizations keeps lists and totals apart", async () => {
    const others = Array.from({ length: 5 }, (_, k) => makeOrg(db, `org${k}`));
    const records: MigrationRecord[] = [];
    for (const [k, other] of others.entries()) {
      for (let i = 0; i < 300 * (k + 1); i++) {
        records.push({
          id: `${k}${String(i).padStart(7, "0")}-0000-4000-8000-000000000000`,
          organizationId: other.org.id,
          createdUs: T0_US - i,
          status: "WORKING",
          createdByUserId: "u",
          companyId: null,
        });
      }
    }
    insertMigrations(db, records);
    for (const [k, other] of others.entries()) {
      const body = await page("page=3&page_size=100", other.key);
      expect(body.total).toBe(300 * (k + 1));
      expect(body.data.every((m) => (m.id as string).startsWith(String(k)))).toBe(true);
      expect(body.data).toHaveLength(100);
    }
    expect((await page("")).total).toBe(N);
  });
});
