import { createHash } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { authenticateApiKey, createApiKey, generateApiKey, listApiKeys, revokeApiKey } from "./api-keys";
import type { EmbeddedDatabase } from "./database";
import { type EmbeddedApiContext, getMigration, listMigrations } from "./handlers";
import type { MigrationRecord } from "./migrations-store";
import {
  type ErrorEnvelope,
  get,
  insertRows,
  type ListBody,
  list,
  listRequest,
  makeOrg,
  memoryDatabase,
  type TestOrg,
} from "./testing";

let db: EmbeddedDatabase;
let ctx: EmbeddedApiContext;
let a: TestOrg;
let rows: MigrationRecord[];

beforeEach(() => {
  db = memoryDatabase();
  ctx = { db, strict: false };
  a = makeOrg(db, "alpha");
  rows = insertRows(db, a.org, [{}, {}, {}]);
});

async function expectUnauthorized(response: Response): Promise<ErrorEnvelope> {
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toMatch(/^Bearer\b/);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const body = (await response.json()) as ErrorEnvelope;
  expect(Object.keys(body)).toEqual(["error"]);
  expect(Object.keys(body.error).sort()).toEqual(["message", "type"]);
  expect(body.error.type).toBe("authentication_error");
  expect(body.error.message.length).toBeGreaterThan(0);
  return body;
}

function withHeader(authorization: string, query = ""): Request {
  return listRequest(query, { Authorization: authorization });
}

/** Replaces the last character with a different url-safe one. */
function lastCharChanged(key: string): string {
  const last = key.slice(-1);
  return key.slice(0, -1) + (last === "A" ? "B" : "A");
}

describe("authentication", () => {
  it("the created key works (control)", async () => {
    const response = await list(ctx, a.key);
    expect(response.status).toBe(200);
    expect(((await response.json()) as ListBody).total).toBe(3);
  });

  it("the Bearer scheme name is case-insensitive", async () => {
    expect((await listMigrations(withHeader(`bearer ${a.key}`), ctx)).status).toBe(200);
  });

  it("missing Authorization header → 401 with WWW-Authenticate", async () => {
    await expectUnauthorized(await list(ctx, undefined));
    await expectUnauthorized(await get(ctx, undefined, rows[0]?.id as string));
  });

  it.each([
    ["Basic scheme", () => `Basic ${Buffer.from(`user:${a.key}`).toString("base64")}`],
    ["Basic scheme with the raw key", () => `Basic ${a.key}`],
    ["the key without a scheme", () => a.key],
    ["empty bearer", () => "Bearer "],
    ["two tokens", () => `Bearer ${a.key} ${a.key}`],
    ["unknown well-formed key", () => `Bearer ${generateApiKey()}`],
    ["malformed key: too short", () => "Bearer anon_abc"],
    ["malformed key: wrong prefix", () => `Bearer sk_${a.key.slice(5)}`],
    ["malformed key: forbidden characters", () => `Bearer ${a.key.slice(0, -1)}!`],
    ["key differing only in its last character", () => `Bearer ${lastCharChanged(a.key)}`],
    ["key with one character more", () => `Bearer ${a.key}x`],
    ["key with one character less", () => `Bearer ${a.key.slice(0, -1)}`],
  ])("%s → 401", async (_name, header) => {
    await expectUnauthorized(await listMigrations(withHeader(header()), ctx));
    await expectUnauthorized(await getMigration(withHeader(header()), rows[0]?.id as string, ctx));
  });

  it("revoked key → 401, other keys of the organization keep working", async () => {
    const second = createApiKey(db, a.org, "second");
    expect(revokeApiKey(db, a.prefix)).toBe(1);
    await expectUnauthorized(await list(ctx, a.key));
    await expectUnauthorized(await get(ctx, a.key, rows[0]?.id as string));
    expect((await list(ctx, second.key)).status).toBe(200);
  });

  it("401 takes precedence over 400 and 404", async () => {
    const bad = generateApiKey();
    for (const key of [undefined, bad]) {
      await expectUnauthorized(await list(ctx, key, "page=0"));
      await expectUnauthorized(await list(ctx, key, "page_size=1000&status=BOGUS"));
      await expectUnauthorized(await get(ctx, key, "00000000-0000-4000-8000-000000000000"));
      await expectUnauthorized(await get(ctx, key, "abc"));
      // An existing id does not change the answer either.
      await expectUnauthorized(await get(ctx, key, rows[0]?.id as string));
    }
    await expectUnauthorized(await listMigrations(withHeader(`Basic ${a.key}`, "page=abc"), ctx));
  });
});

describe("API keys", () => {
  it("have the format anon_ + at least 32 url-safe characters, and are unique", () => {
    const keys = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const { key, prefix } = createApiKey(db, a.org);
      expect(key).toMatch(/^anon_[A-Za-z0-9_-]{32,}$/);
      expect(key.startsWith(prefix)).toBe(true);
      expect(prefix.length).toBeLessThan(key.length - 16);
      keys.add(key);
    }
    expect(keys.size).toBe(50);
    expect(generateApiKey()).toMatch(/^anon_[A-Za-z0-9_-]{32,}$/);
  });

  it("are stored hashed: no column holds the raw key, key_hash is sha256(key)", () => {
    const rowsOfKeys = db.prepare("SELECT * FROM api_keys").all() as Array<Record<string, unknown>>;
    expect(rowsOfKeys).toHaveLength(1);
    const row = rowsOfKeys[0] as Record<string, unknown>;
    const secret = a.key.slice(a.prefix.length);
    for (const [column, value] of Object.entries(row)) {
      const text = Buffer.isBuffer(value) ? value.toString("latin1") : String(value);
      expect(text, `column ${column}`).not.toContain(a.key);
      expect(text, `column ${column}`).not.toContain(secret);
      if (Buffer.isBuffer(value)) expect(value.includes(Buffer.from(a.key)), `column ${column}`).toBe(false);
    }
    const expectedHash = createHash("sha256").update(a.key).digest();
    expect(Buffer.isBuffer(row.key_hash)).toBe(true);
    expect((row.key_hash as Buffer).equals(expectedHash)).toBe(true);
    // Nowhere else in the database either.
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    for (const { name } of tables) {
      const dump = JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all(), (_k, v) =>
        v && typeof v === "object" && v.type === "Buffer" ? Buffer.from(v.data).toString("latin1") : v,
      );
      expect(dump, `table ${name}`).not.toContain(secret);
    }
  });

  it("listApiKeys shows only the visible prefix", () => {
    const b = makeOrg(db, "beta");
    const listed = listApiKeys(db);
    expect(listed.map((k) => k.prefix).sort()).toEqual([a.prefix, b.prefix].sort());
    expect(listed.map((k) => k.organization).sort()).toEqual(["alpha", "beta"]);
    for (const summary of listed) {
      expect(Object.keys(summary).sort()).toEqual(["createdUs", "label", "organization", "prefix", "revokedUs"]);
      expect(summary.revokedUs).toBeNull();
    }
    expect(a.key.startsWith(a.prefix)).toBe(true);
    expect(a.prefix.length).toBeLessThanOrEqual(16);
    const dump = JSON.stringify(listed);
    expect(dump).not.toContain(a.key.slice(a.prefix.length));
    expect(dump).not.toContain(b.key.slice(b.prefix.length));
  });

  it("revoking by prefix returns the count, marks the key revoked and makes it fail", () => {
    expect(authenticateApiKey(db, a.key)).toEqual(a.org);
    expect(revokeApiKey(db, a.prefix)).toBe(1);
    expect(authenticateApiKey(db, a.key)).toBeUndefined();
    expect(revokeApiKey(db, a.prefix)).toBe(0);
    expect(revokeApiKey(db, "anon_nonexist")).toBe(0);
    const summary = listApiKeys(db).find((k) => k.prefix === a.prefix);
    expect(typeof summary?.revokedUs).toBe("number");
  });

  it("a key differing only in the last character does not authenticate", () => {
    expect(authenticateApiKey(db, a.key)).toEqual(a.org);
    expect(authenticateApiKey(db, lastCharChanged(a.key))).toBeUndefined();
  });
});
