import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/embedded-api/api-keys";
import type { EmbeddedDatabase } from "@/lib/embedded-api/database";
import { openDatabase } from "@/lib/embedded-api/database";
import type { MigrationRecord } from "@/lib/embedded-api/migrations-store";
import { insertMigrations } from "@/lib/embedded-api/migrations-store";
import { ensureOrganization } from "@/lib/embedded-api/organizations";
import { expectedOrder, T0_US } from "@/lib/embedded-api/testing";
import { createUpstreamClient } from "./client";
import { EMBEDDED_BASE_URL } from "./config";
import { createEmbeddedFetch } from "./embedded-fetch";
import { UpstreamError } from "./errors";

const STATUSES = [
  "NOT_STARTED",
  "WORKING",
  "PENDING_USER_INPUT",
  "COMPLETE",
  "FAILED",
  "COMPLETED_WITH_FAILURES",
] as const;

function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

interface World {
  db: EmbeddedDatabase;
  key: string;
  otherKey: string;
  rows: MigrationRecord[];
  otherRow: MigrationRecord;
}

function world(): World {
  const db = openDatabase(":memory:");
  const org = ensureOrganization(db, "Acme");
  const other = ensureOrganization(db, "Globex");
  const { key } = createApiKey(db, org, "test");
  const { key: otherKey } = createApiKey(db, other, "test");
  const rows: MigrationRecord[] = Array.from({ length: 12 }, (_, i) => ({
    id: uuid(i + 1),
    organizationId: org.id,
    createdUs: T0_US - i * 1_000_000,
    status: STATUSES[i % STATUSES.length] as (typeof STATUSES)[number],
    createdByUserId: `user${i % 2}`,
    companyId: i === 0 ? null : `company${i % 3}`,
  }));
  const otherRow: MigrationRecord = {
    id: uuid(999),
    organizationId: other.id,
    createdUs: T0_US,
    status: "WORKING",
    createdByUserId: "user9",
    companyId: "globex",
  };
  insertMigrations(db, [...rows, otherRow]);
  return { db, key, otherKey, rows, otherRow };
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UpstreamError);
    return error as UpstreamError;
  }
  throw new Error("expected the call to fail");
}

describe.each([false, true])("the client over the embedded API (strict: %s)", (strict) => {
  let w: World;
  beforeEach(() => {
    w = world();
  });
  afterEach(() => {
    w.db.close();
  });

  const client = (key: string) =>
    createUpstreamClient({
      baseUrl: EMBEDDED_BASE_URL,
      apiKey: key,
      fetch: createEmbeddedFetch({ db: w.db, strict }),
      timeoutMs: 2000,
    });

  it("lists a page, newest first, with total and has_more", async () => {
    const page = await client(w.key).listMigrations({ page: 1, pageSize: 5 });
    const expected = expectedOrder(w.rows).slice(0, 5);
    expect(page.migrations.map((m) => m.id)).toEqual(expected.map((r) => r.id));
    expect(page.total).toBe(12);
    expect(page.hasMore).toBe(true);
    const first = page.migrations[0];
    expect(first).toEqual({
      id: uuid(1),
      created: "2025-12-02T23:51:49.807Z",
      createdRaw: "2025-12-02T23:51:49.807119",
      status: "NOT_STARTED",
      createdByUserId: "user0",
      companyId: null,
    });
    const last = await client(w.key).listMigrations({ page: 3, pageSize: 5 });
    expect(last.migrations).toHaveLength(2);
    expect(last.hasMore).toBe(false);
  });

  it(strict ? "ignores filters (documented contract only)" : "applies filters", async () => {
    const page = await client(w.key).listMigrations({
      page: 1,
      pageSize: 100,
      filters: { statuses: ["FAILED", "COMPLETE"], companyId: "company1" },
    });
    if (strict) {
      expect(page.total).toBe(12);
    } else {
      const expected = w.rows.filter((r) => ["FAILED", "COMPLETE"].includes(r.status) && r.companyId === "company1");
      expect(expected.length).toBeGreaterThan(0);
      expect(page.total).toBe(expected.length);
      expect(new Set(page.migrations.map((m) => m.id))).toEqual(new Set(expected.map((r) => r.id)));
    }
  });

  it("gets one migration, by lower- or upper-case id", async () => {
    const migration = await client(w.key).getMigration(uuid(3));
    expect(migration).toMatchObject({ id: uuid(3), status: "PENDING_USER_INPUT", companyId: "company2" });
    expect((await client(w.key).getMigration(uuid(3).toUpperCase())).id).toBe(uuid(3));
  });

  it("an unknown id and another organization's id are not_found", async () => {
    const unknown = await failure(client(w.key).getMigration(uuid(4242)));
    expect(unknown.kind).toBe("not_found");
    expect(unknown.status).toBe(404);
    expect((await failure(client(w.key).getMigration(w.otherRow.id))).kind).toBe("not_found");
    expect((await client(w.otherKey).getMigration(w.otherRow.id)).id).toBe(w.otherRow.id);
  });

  it("a wrong key is key_rejected and never quoted", async () => {
    const wrong = `${w.key.slice(0, -4)}XXXX`;
    for (const call of [client(wrong).listMigrations({ page: 1, pageSize: 10 }), client(wrong).getMigration(uuid(1))]) {
      const error = await failure(call);
      expect(error.kind).toBe("key_rejected");
      expect(error.status).toBe(401);
      expect(JSON.stringify(error) + error.message).not.toContain(wrong);
    }
  });
});

describe("createEmbeddedFetch", () => {
  let w: World;
  beforeEach(() => {
    w = world();
  });
  afterEach(() => {
    w.db.close();
  });

  const headers = () => ({ Authorization: `Bearer ${w.key}` });

  it("serves GET /migrations and /migrations/{id}, from a Request or a URL with init", async () => {
    const fetch = createEmbeddedFetch({ db: w.db, strict: false });
    const list = await fetch(new Request(`${EMBEDDED_BASE_URL}/migrations?page=1&page_size=2`, { headers: headers() }));
    expect(list.status).toBe(200);
    const body = (await list.json()) as { object: string; data: unknown[]; total: number };
    expect(body.object).toBe("list");
    expect(body.data).toHaveLength(2);
    expect(body.total).toBe(12);

    const one = await fetch(new URL(`${EMBEDDED_BASE_URL}/migrations/${uuid(2)}`), { headers: headers() });
    expect(one.status).toBe(200);
    expect(((await one.json()) as { id: string }).id).toBe(uuid(2));

    const encoded = await fetch(`${EMBEDDED_BASE_URL}/migrations/${encodeURIComponent(uuid(2))}/`, {
      headers: headers(),
    });
    expect(encoded.status).toBe(200);
  });

  it("answers 404 for other paths, 405 for other methods", async () => {
    const fetch = createEmbeddedFetch({ db: w.db, strict: false });
    for (const path of ["", "/", "/health", "/migrations/a/b", "/migrationsX", "/migrations/%E0%A4%A"]) {
      const response = await fetch(`${EMBEDDED_BASE_URL}${path}`, { headers: headers() });
      expect(response.status, path).toBe(404);
    }
    const post = await fetch(`${EMBEDDED_BASE_URL}/migrations`, { method: "POST", headers: headers() });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET");
  });

  it("serves nothing outside its base URL", async () => {
    const fetch = createEmbeddedFetch({ db: w.db, strict: false });
    await expect(fetch("https://example.com/api/v1/migrations")).rejects.toThrow(TypeError);
    await expect(fetch("http://embedded.invalid/api/v2/migrations")).rejects.toThrow(TypeError);
  });

  it("a non-UUID path segment is a 404 from the handler", async () => {
    const fetch = createEmbeddedFetch({ db: w.db, strict: false });
    const response = await fetch(`${EMBEDDED_BASE_URL}/migrations/not-a-uuid`, { headers: headers() });
    expect(response.status).toBe(404);
  });

  it("rejects with the reason of an already aborted signal", async () => {
    const fetch = createEmbeddedFetch({ db: w.db, strict: false });
    const reason = new Error("gone");
    await expect(
      fetch(`${EMBEDDED_BASE_URL}/migrations`, { headers: headers(), signal: AbortSignal.abort(reason) }),
    ).rejects.toBe(reason);
    const request = new Request(`${EMBEDDED_BASE_URL}/migrations`, { signal: AbortSignal.abort(reason) });
    await expect(fetch(request)).rejects.toBe(reason);
  });
});
