import { expect, test } from "@playwright/test";
import { createApiKeyWithCli } from "./support/cli";
import { openApiValidator } from "./support/openapi";
import { E2E } from "./support/servers";

/*
 * The seed document's own two client functions, as written there, with only the host changed
 * from https://worker.anon.com to the local server. A key comes from the keys CLI, as a user would get one.
 */
let ANON_API_KEY = "";
const BASE = E2E.baseURL;

async function listMigrations() {
  const response = await fetch(`${BASE}/api/v1/migrations`, {
    method: "GET",
    headers: {
      Authorization: `Bearer ${ANON_API_KEY}`,
      "Content-Type": "application/json",
    },
  });

  if (!response.ok) {
    throw new Error(`Error: ${response.status}`);
  }

  return await response.json();
}

async function getMigration(migrationId: string) {
  const response = await fetch(`${BASE}/api/v1/migrations/${migrationId}`, {
    method: "GET",
    headers: {
      Authorization: `Bearer ${ANON_API_KEY}`,
      "Content-Type": "application/json",
    },
  });

  if (!response.ok) {
    throw new Error(`Error: ${response.status}`);
  }

  return await response.json();
}

let validate: ReturnType<typeof openApiValidator>;

test.beforeAll(async () => {
  ANON_API_KEY = createApiKeyWithCli(E2E.dataDir, "demo");
  const document = await (await fetch(`${BASE}/api/v1/openapi.json`)).json();
  validate = openApiValidator(document);
});

test("the seed's listMigrations returns the demo organization's newest migrations, per the OpenAPI document", async () => {
  const list = await listMigrations();
  expect(validate("/migrations", "get", 200, list)).toEqual([]);
  expect(list.page).toBe(1);
  expect(list.page_size).toBe(10);
  expect(list.data).toHaveLength(10);
  expect(list.total).toBeGreaterThan(1000);
  const created = list.data.map((m: { created: string }) => Date.parse(`${m.created.slice(0, 23)}Z`));
  expect([...created].sort((a, b) => b - a)).toEqual(created);
});

test("the seed's getMigration returns exactly the migration the list showed", async () => {
  const list = await listMigrations();
  const first = list.data[0];
  const migration = await getMigration(first.id);
  expect(validate("/migrations/{id}", "get", 200, migration)).toEqual([]);
  expect(migration).toEqual(first);
});

test("the seed's functions surface 404 and 401 as the document says, with the documented error body", async () => {
  await expect(getMigration("00000000-0000-4000-8000-000000000000")).rejects.toThrow("Error: 404");
  const notFound = await fetch(`${BASE}/api/v1/migrations/not-a-uuid`, {
    headers: { Authorization: `Bearer ${ANON_API_KEY}` },
  });
  expect(notFound.status).toBe(404);
  expect(validate("/migrations/{id}", "get", 404, await notFound.json())).toEqual([]);

  const goodKey = ANON_API_KEY;
  ANON_API_KEY = "anon_not-a-real-key-not-a-real-key-000";
  try {
    await expect(listMigrations()).rejects.toThrow("Error: 401");
  } finally {
    ANON_API_KEY = goodKey;
  }
  const unauthorized = await fetch(`${BASE}/api/v1/migrations`);
  expect(unauthorized.status).toBe(401);
  expect(validate("/migrations", "get", 401, await unauthorized.json())).toEqual([]);
});

test("a bad page parameter is a 400 naming it, and other methods get 405 with Allow: GET", async () => {
  const bad = await fetch(`${BASE}/api/v1/migrations?page_size=1000`, {
    headers: { Authorization: `Bearer ${ANON_API_KEY}` },
  });
  expect(bad.status).toBe(400);
  const body = await bad.json();
  expect(body.error.param).toBe("page_size");
  expect(validate("/migrations", "get", 400, body)).toEqual([]);

  const post = await fetch(`${BASE}/api/v1/migrations`, { method: "POST" });
  expect(post.status).toBe(405);
  expect(post.headers.get("allow")).toBe("GET");
  expect(validate("/migrations", "get", 405, await post.json())).toEqual([]);
});

test("a key of another organization sees none of the demo organization's migrations", async () => {
  const demoFirst = (await listMigrations()).data[0];
  const otherKey = createApiKeyWithCli(E2E.dataDir, "e2e-other-org");
  const headers = { Authorization: `Bearer ${otherKey}` };
  const list = await (await fetch(`${BASE}/api/v1/migrations`, { headers })).json();
  expect(list).toMatchObject({ data: [], total: 0, has_more: false });
  const direct = await fetch(`${BASE}/api/v1/migrations/${demoFirst.id}`, { headers });
  expect(direct.status).toBe(404);
});

test("the home page leads a signed-out visitor to sign-in, styled by Tailwind", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2F$/);
  const heading = page.getByRole("heading", { name: "Migration Console" });
  await expect(heading).toBeVisible();
  await expect(heading).toHaveCSS("font-weight", "600");
});
