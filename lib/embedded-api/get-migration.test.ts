import { beforeEach, describe, expect, it } from "vitest";
import type { EmbeddedDatabase } from "./database";
import { type EmbeddedApiContext, methodNotAllowed } from "./handlers";
import type { MigrationRecord } from "./migrations-store";
import {
  type ErrorEnvelope,
  get,
  insertRows,
  type ListBody,
  list,
  MIGRATION_KEYS,
  makeOrg,
  memoryDatabase,
  NAIVE_UTC_MICROS,
  resourceOf,
  T0_US,
  type TestOrg,
} from "./testing";

let db: EmbeddedDatabase;
let ctx: EmbeddedApiContext;
let a: TestOrg;
let b: TestOrg;
let rowsA: MigrationRecord[];
let rowsB: MigrationRecord[];

beforeEach(() => {
  db = memoryDatabase();
  ctx = { db, strict: false };
  a = makeOrg(db, "alpha");
  b = makeOrg(db, "beta");
  rowsA = insertRows(db, a.org, [
    {
      id: "9f5b41bd-7c5e-42d9-b332-b31686e94424",
      createdUs: T0_US,
      status: "COMPLETE",
      createdByUserId: "9876543210fedcba",
      companyId: "abcdef1234567890",
    },
    { createdUs: T0_US - 5, status: "PENDING_USER_INPUT", companyId: null },
    ...Array.from({ length: 11 }, (_, i) => ({ createdUs: T0_US - 1_000_000 * (i + 1) })),
  ]);
  rowsB = insertRows(
    db,
    b.org,
    Array.from({ length: 7 }, (_, i) => ({ createdUs: T0_US - 500_000 * i, status: "FAILED" as const })),
  );
});

async function allIds(key: string): Promise<{ ids: string[]; total: number }> {
  const response = await list(ctx, key, "page_size=100");
  expect(response.status).toBe(200);
  const body = (await response.json()) as ListBody;
  return { ids: body.data.map((m) => m.id as string), total: body.total };
}

describe("getMigration", () => {
  it("returns the exact migration object", async () => {
    const response = await get(ctx, a.key, "9f5b41bd-7c5e-42d9-b332-b31686e94424");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toStrictEqual({
      object: "migration",
      id: "9f5b41bd-7c5e-42d9-b332-b31686e94424",
      created: "2025-12-02T23:51:49.807119",
      status: "COMPLETE",
      created_by_user_id: "9876543210fedcba",
      company_id: "abcdef1234567890",
    });
    expect(Object.keys(body).sort()).toEqual(MIGRATION_KEYS);
  });

  it("renders a null company_id as null", async () => {
    const record = rowsA[1] as MigrationRecord;
    const response = await get(ctx, a.key, record.id);
    expect(response.status).toBe(200);
    expect(await response.json()).toStrictEqual(resourceOf(record, "2025-12-02T23:51:49.807114"));
  });

  it("finds a migration by the uppercase form of its id", async () => {
    const response = await get(ctx, a.key, "9F5B41BD-7C5E-42D9-B332-B31686E94424");
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.id).toBe("9f5b41bd-7c5e-42d9-b332-b31686e94424");
    expect(body.status).toBe("COMPLETE");
  });

  it("unknown UUID → 404 not_found envelope", async () => {
    const response = await get(ctx, a.key, "00000000-0000-4000-8000-000000000000");
    expect(response.status).toBe(404);
    const body = (await response.json()) as ErrorEnvelope;
    expect(Object.keys(body)).toEqual(["error"]);
    expect(Object.keys(body.error).sort()).toEqual(["message", "type"]);
    expect(body.error.type).toBe("not_found");
  });

  it("every migration of the list is found with the same object", async () => {
    const response = await list(ctx, a.key, "page_size=100");
    const body = (await response.json()) as ListBody;
    expect(body.data).toHaveLength(rowsA.length);
    for (const item of body.data) {
      const one = await get(ctx, a.key, item.id as string);
      expect(one.status).toBe(200);
      expect(await one.json()).toStrictEqual(item);
      expect(item.created).toMatch(NAIVE_UTC_MICROS);
    }
  });
});

describe("organization isolation", () => {
  it("each key lists only its organization's migrations, with per-organization totals", async () => {
    const listedA = await allIds(a.key);
    const listedB = await allIds(b.key);
    expect(listedA.total).toBe(13);
    expect(listedB.total).toBe(7);
    expect(new Set(listedA.ids)).toEqual(new Set(rowsA.map((r) => r.id)));
    expect(new Set(listedB.ids)).toEqual(new Set(rowsB.map((r) => r.id)));
    expect(listedA.ids.filter((id) => listedB.ids.includes(id))).toEqual([]);
  });

  it("filters do not reach another organization's migrations", async () => {
    const response = await list(ctx, a.key, "status=FAILED");
    const body = (await response.json()) as ListBody;
    expect(body.total).toBe(0);
    expect(body.data).toEqual([]);
  });

  it("another organization's id → 404 byte-identical to an unknown or malformed id", async () => {
    const foreignId = rowsB[0]?.id as string;
    // Control: the owner sees it.
    expect((await get(ctx, b.key, foreignId)).status).toBe(200);

    const foreign = await get(ctx, a.key, foreignId);
    const foreignUpper = await get(ctx, a.key, foreignId.toUpperCase());
    const unknown = await get(ctx, a.key, "00000000-0000-4000-8000-000000000000");
    const malformed = await get(ctx, a.key, "abc");
    const traversal = await get(ctx, a.key, "../x");
    const empty = await get(ctx, a.key, "");
    const injection = await get(ctx, a.key, `${foreignId}' OR '1'='1`);
    const responses = [foreign, foreignUpper, unknown, malformed, traversal, empty, injection];
    const texts = await Promise.all(responses.map((r) => r.text()));
    for (const [i, response] of responses.entries()) {
      expect(response.status, `response ${i}`).toBe(404);
      expect(texts[i], `response ${i}`).toBe(texts[0]);
      expect(response.headers.get("content-type")).toBe(foreign.headers.get("content-type"));
    }
    expect(JSON.parse(texts[0] as string).error.type).toBe("not_found");
    expect(texts[0]).not.toContain(foreignId);
  });
});

describe("methodNotAllowed", () => {
  it("→ 405 with Allow: GET and the method_not_allowed envelope", async () => {
    const response = methodNotAllowed();
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await response.json()) as ErrorEnvelope;
    expect(Object.keys(body)).toEqual(["error"]);
    expect(Object.keys(body.error).sort()).toEqual(["message", "type"]);
    expect(body.error.type).toBe("method_not_allowed");
    expect(body.error.message.length).toBeGreaterThan(0);
  });
});
