import { type APIRequestContext, expect } from "@playwright/test";
import { signedInTest as test } from "./support/auth";
import { runtimeApiKey } from "./support/servers";

interface BffMigration {
  id: string;
  created: string;
  createdRaw: string;
  status: string;
  createdByUserId: string;
  companyId: string | null;
}

interface ListView {
  data: BffMigration[];
  page: number;
  page_size: number;
  total: number;
  counts: Record<string, number>;
  as_of: string;
  freshness: { synced_at: string | null; state: string; partial: boolean };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function list(request: APIRequestContext, query = ""): Promise<ListView> {
  const response = await request.get(`/api/migrations${query}`);
  expect(response.status(), `/api/migrations${query}`).toBe(200);
  expect(response.headers()["cache-control"]).toBe("no-store");
  return (await response.json()) as ListView;
}

const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const time = (migration: BffMigration) => Date.parse(migration.created);

test("the unfiltered list has rows, paging, a total, counts per status that add up to it, as_of and freshness", async ({
  page,
}) => {
  const before = Date.now();
  const view = await list(page.request);
  expect(Object.keys(view).sort()).toEqual(
    expect.arrayContaining(["as_of", "counts", "data", "freshness", "page", "page_size", "total"]),
  );
  // Read from a mirror that finished its first read and is in step with the upstream, as of its last sync.
  expect(view.freshness).toMatchObject({ state: "current", partial: false });
  expect(view.as_of).toBe(view.freshness.synced_at);
  expect(view.page).toBe(1);
  expect(view.page_size).toBe(25);
  expect(view.data).toHaveLength(25);
  expect(view.total).toBeGreaterThan(1000);
  expect(sum(view.counts)).toBe(view.total);
  expect(Object.keys(view.counts).length).toBeGreaterThan(1);
  expect(Date.parse(view.as_of)).toBeGreaterThan(before - 60_000);
  expect(Date.parse(view.as_of)).toBeLessThanOrEqual(Date.now() + 1_000);
  for (const migration of view.data) {
    expect(migration.id).toMatch(UUID);
    expect(migration.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Object.keys(view.counts)).toContain(migration.status);
  }
  const times = view.data.map(time);
  expect(times).toEqual([...times].sort((a, b) => b - a));

  const second = await list(page.request, "?page=2&page_size=10");
  expect(second).toMatchObject({ page: 2, page_size: 10, total: view.total });
  expect(second.data.map((m) => m.id)).toEqual(view.data.slice(10, 20).map((m) => m.id));
});

test("a status filter returns only that status, and its total is that status's count", async ({ page }) => {
  const all = await list(page.request);
  const [status, count] = Object.entries(all.counts).sort((a, b) => a[1] - b[1])[0] ?? ["", 0];
  expect(count).toBeGreaterThan(0);
  const filtered = await list(page.request, `?status=${status}&page_size=100`);
  expect(filtered.total).toBe(count);
  expect(filtered.data).toHaveLength(Math.min(count, 100));
  for (const migration of filtered.data) expect(migration.status).toBe(status);
  // Counts describe the company/user filters, not the status filter: unchanged.
  expect(filtered.counts).toEqual(all.counts);

  const [first, second] = Object.keys(all.counts);
  const two = await list(page.request, `?status=${first},${second}`);
  expect(two.total).toBe((all.counts[first ?? ""] ?? 0) + (all.counts[second ?? ""] ?? 0));
  for (const migration of two.data) expect([first, second]).toContain(migration.status);
});

test("company_id and created_by_user_id filters return only matching rows", async ({ page }) => {
  const all = await list(page.request, "?page_size=100");
  const company = all.data.find((m) => m.companyId !== null)?.companyId;
  expect(company, "a migration with a company").toBeTruthy();
  const byCompany = await list(page.request, `?company_id=${encodeURIComponent(company ?? "")}&page_size=100`);
  expect(byCompany.data.length).toBeGreaterThan(0);
  for (const migration of byCompany.data) expect(migration.companyId).toBe(company);
  expect(byCompany.total).toBe(sum(byCompany.counts));
  expect(byCompany.total).toBeLessThan(all.total);

  const user = all.data[0]?.createdByUserId ?? "";
  const byUser = await list(page.request, `?created_by_user_id=${encodeURIComponent(user)}&page_size=100`);
  expect(byUser.data.length).toBeGreaterThan(0);
  for (const migration of byUser.data) expect(migration.createdByUserId).toBe(user);
  expect(byUser.total).toBe(sum(byUser.counts));
  expect(byUser.total).toBeLessThan(all.total);
});

test("sort=created lists the oldest first", async ({ page }) => {
  const oldest = await list(page.request, "?sort=created&page_size=10");
  const times = oldest.data.map(time);
  expect(times).toEqual([...times].sort((a, b) => a - b));
  const newest = await list(page.request, "?page_size=10");
  expect(oldest.total).toBe(newest.total);
  const lastPage = await list(page.request, `?page=${Math.ceil(newest.total / 10)}&page_size=10`);
  expect(oldest.data[0]?.id).toBe(lastPage.data.at(-1)?.id);
  expect(time(oldest.data[0] as BffMigration)).toBeLessThan(time(newest.data[0] as BffMigration));
});

test("bad list parameters are a 400 naming the parameter", async ({ page }) => {
  const cases: Array<[string, string]> = [
    ["page=0", "page"],
    ["page=-1", "page"],
    ["page_size=7", "page_size"],
    ["status=bogus", "status"],
    ["sort=up", "sort"],
    ["company_id=acme%20corp", "company_id"],
    ["created_by_user_id=%3Cscript%3E", "created_by_user_id"],
  ];
  for (const [query, param] of cases) {
    const response = await page.request.get(`/api/migrations?${query}`);
    expect(response.status(), query).toBe(400);
    const body = await response.json();
    expect(body, query).toEqual({ error: { code: "invalid_parameter", param, message: expect.any(String) } });
    expect(body.error.message, query).toContain(param);
  }
});

test("the detail route: a migration, 400 for a non-UUID, 404 for an unknown UUID", async ({ page }) => {
  const first = (await list(page.request)).data[3] as BffMigration;
  const detail = await page.request.get(`/api/migrations/${first.id}`);
  expect(detail.status()).toBe(200);
  expect((await detail.json()).data).toEqual(first);

  const badId = await page.request.get("/api/migrations/not-a-uuid");
  expect(badId.status()).toBe(400);
  expect(await badId.json()).toEqual({
    error: { code: "invalid_parameter", param: "id", message: expect.any(String) },
  });

  const unknown = await page.request.get("/api/migrations/00000000-0000-4000-8000-000000000000");
  expect(unknown.status()).toBe(404);
  expect(await unknown.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
});

test("/api/health reports the sync: current, with a leader, and the upstream reached lately; no secrets", async ({
  page,
}) => {
  const response = await page.request.get("/api/health");
  expect(response.status()).toBe(200);
  const text = await response.text();
  expect(text.includes(runtimeApiKey()), "the API key in the health report").toBe(false);
  const body = JSON.parse(text);
  expect(body).toMatchObject({
    status: "ok",
    upstream: { mode: "embedded", reachable: true, paused_seconds: 0 },
    sync: { state: "current", partial: false, leader_active: true, consecutive_failures: 0 },
  });
  expect(body.upstream.requests_sent).toBeGreaterThan(0);
  expect(body.sync.completed_walks).toBeGreaterThanOrEqual(1);
  // The test server reads the newest migrations every half second.
  expect(Date.now() - Date.parse(body.sync.synced_at)).toBeLessThan(10_000);
  expect(body.sync.progress).toBeUndefined();
});
