import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { beforeAll, describe, expect, it } from "vitest";
import { generateApiKey } from "./api-keys";
import type { EmbeddedApiContext } from "./handlers";
import { methodNotAllowed } from "./handlers";
import type { MigrationRecord } from "./migrations-store";
import { openApiDocument } from "./openapi";
import { get, insertRows, list, makeOrg, memoryDatabase, T0_US, type TestOrg } from "./testing";

type Doc = ReturnType<typeof openApiDocument>;
type Validator = ((data: unknown) => boolean) & { errors?: unknown };

let doc: Doc;
let ajv: Ajv2020;
let ctx: EmbeddedApiContext;
let a: TestOrg;
let rows: MigrationRecord[];

beforeAll(() => {
  doc = openApiDocument();
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  // A deep copy, so that Ajv never shares objects with the document under test.
  ajv.addSchema(JSON.parse(JSON.stringify(doc)), "openapi");
  const db = memoryDatabase();
  ctx = { db, strict: false };
  a = makeOrg(db, "alpha");
  rows = insertRows(db, a.org, [
    { createdUs: T0_US, companyId: null, status: "PENDING_USER_INPUT" },
    ...Array.from({ length: 14 }, (_, i) => ({ createdUs: T0_US - (i + 1) * 1_000_000 })),
  ]);
});

function component(name: string): Validator {
  const validate = ajv.getSchema(`openapi#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  return validate as Validator;
}

/** The validator for the schema the document declares for this path, method GET and status. */
function declared(path: "/migrations" | "/migrations/{id}", status: string): Validator {
  const responses = doc.paths[path].get.responses as Record<
    string,
    { content?: { "application/json"?: { schema?: { $ref?: string } } } }
  >;
  const ref = responses[status]?.content?.["application/json"]?.schema?.$ref;
  expect(ref, `${path} ${status} has a JSON schema`).toMatch(/^#\/components\/schemas\/\w+$/);
  const validate = ajv.getSchema(`openapi${ref}`);
  if (!validate) throw new Error(`unresolved ${ref}`);
  return validate as Validator;
}

async function expectConforms(path: "/migrations" | "/migrations/{id}", response: Response, status: number) {
  expect(response.status).toBe(status);
  const body: unknown = await response.json();
  const validate = declared(path, String(status));
  const valid = validate(body);
  expect(validate.errors ?? null, JSON.stringify(body)).toBeNull();
  expect(valid).toBe(true);
  return body;
}

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 with both paths and the three component schemas", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths).sort()).toEqual(["/migrations", "/migrations/{id}"]);
    expect(Object.keys(doc.components.schemas).sort()).toEqual(["Error", "Migration", "MigrationList"]);
    expect(Object.keys(doc.paths["/migrations"].get.responses).sort()).toEqual(["200", "400", "401", "405"]);
    expect(Object.keys(doc.paths["/migrations/{id}"].get.responses).sort()).toEqual(["200", "401", "404", "405"]);
  });

  it("every component schema compiles", () => {
    for (const name of ["Error", "Migration", "MigrationList"]) {
      expect(typeof component(name)).toBe("function");
    }
  });

  it("documents the pagination defaults and limits", () => {
    const params = doc.paths["/migrations"].get.parameters as Array<{ name: string; schema: Record<string, unknown> }>;
    const page = params.find((p) => p.name === "page");
    const pageSize = params.find((p) => p.name === "page_size");
    expect(page?.schema).toMatchObject({ type: "integer", minimum: 1, default: 1 });
    expect(pageSize?.schema).toMatchObject({ type: "integer", minimum: 1, maximum: 100, default: 10 });
  });
});

describe("real responses conform to the document", () => {
  it("list 200 (full page, last page, empty page, filtered)", async () => {
    for (const query of ["", "page=2", "page=9", "page_size=100", "status=PENDING_USER_INPUT"]) {
      const body = (await expectConforms("/migrations", await list(ctx, a.key, query), 200)) as { data: unknown[] };
      expect(Array.isArray(body.data)).toBe(true);
    }
  });

  it("get 200, including a null company_id", async () => {
    for (const record of rows.slice(0, 3)) {
      const body = (await expectConforms("/migrations/{id}", await get(ctx, a.key, record.id), 200)) as {
        id: string;
      };
      expect(body.id).toBe(record.id);
    }
  });

  it("list 400 and 401", async () => {
    await expectConforms("/migrations", await list(ctx, a.key, "page=0"), 400);
    await expectConforms("/migrations", await list(ctx, a.key, "page_size=101"), 400);
    await expectConforms("/migrations", await list(ctx, a.key, "status=NOPE"), 400);
    await expectConforms("/migrations", await list(ctx, undefined), 401);
    await expectConforms("/migrations", await list(ctx, generateApiKey()), 401);
  });

  it("get 401 and 404", async () => {
    await expectConforms("/migrations/{id}", await get(ctx, undefined, rows[0]?.id as string), 401);
    await expectConforms("/migrations/{id}", await get(ctx, a.key, "00000000-0000-4000-8000-000000000000"), 404);
    await expectConforms("/migrations/{id}", await get(ctx, a.key, "abc"), 404);
  });

  it("405 on both paths", async () => {
    await expectConforms("/migrations", methodNotAllowed(), 405);
    await expectConforms("/migrations/{id}", methodNotAllowed(), 405);
  });
});

describe("the validator is live", () => {
  const migration = {
    object: "migration",
    id: "9f5b41bd-7c5e-42d9-b332-b31686e94424",
    created: "2025-12-02T23:51:49.807119",
    status: "COMPLETE",
    created_by_user_id: "9876543210fedcba",
    company_id: "abcdef1234567890",
  };
  const listBody = { object: "list", data: [migration], page: 1, page_size: 10, total: 1, has_more: false };

  it("accepts the seed document's example", () => {
    expect(component("Migration")(migration)).toBe(true);
    expect(component("MigrationList")(listBody)).toBe(true);
  });

  it("rejects an extra field, a missing field, a zoned timestamp, an unknown status", () => {
    const validate = component("Migration");
    expect(validate({ ...migration, extra: 1 })).toBe(false);
    const { company_id: _omitted, ...missing } = migration;
    expect(validate(missing)).toBe(false);
    expect(validate({ ...migration, created: "2025-12-02T23:51:49.807119Z" })).toBe(false);
    expect(validate({ ...migration, created: "2025-12-02T23:51:49.807" })).toBe(false);
    expect(validate({ ...migration, status: "DONE" })).toBe(false);
    expect(validate({ ...migration, id: "abc" })).toBe(false);
  });

  it("rejects an extra field inside a list item, and in the list and error envelopes", () => {
    expect(component("MigrationList")({ ...listBody, data: [{ ...migration, extra: true }] })).toBe(false);
    expect(component("MigrationList")({ ...listBody, next: 2 })).toBe(false);
    expect(component("Error")({ error: { type: "not_found", message: "x", extra: 1 } })).toBe(false);
    expect(component("Error")({ error: { type: "teapot", message: "x" } })).toBe(false);
    expect(component("Error")({ error: { type: "not_found", message: "x" } })).toBe(true);
  });
});
