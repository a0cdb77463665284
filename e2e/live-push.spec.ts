import { type APIRequestContext, expect, type Page } from "@playwright/test";
import { signedInTestAt } from "./support/auth";
import { waitForRows } from "./support/dashboard";
import {
  FAKE_MIGRATIONS,
  firstPageFixture,
  resetUpstream,
  setUpstreamMode,
  setUpstreamStatus,
  waitForSyncedList,
} from "./support/fake-upstream";
import { ACCOUNTS, UPSTREAM_APP } from "./support/servers";

/**
 * Changes pushed to the browser: the app server syncs the fake upstream every half second, and a
 * change that reaches its mirror goes to every open page over server-sent events (GET /api/events).
 * A finished migration's page never polls, so a change that reaches it was pushed.
 */
const test = signedInTestAt(UPSTREAM_APP, ACCOUNTS.upstreamOps);

/**
 * Running, on the first page: the sync re-reads it every half second. The second WORKING fixture:
 * the timeline tests check the first one's history on this same server.
 */
const WORKING = firstPageFixture("WORKING", 1);
/** Finished (FAILED) on the first page, the second of its status: not one the other spec files change. */
const FINISHED = firstPageFixture("FAILED", 1);

async function mirroredStatus(request: APIRequestContext, id: string): Promise<string> {
  return ((await (await request.get(`/api/migrations/${id}`)).json()) as { data: { status: string } }).data.status;
}

test.beforeEach(async ({ page }, testInfo) => {
  // Right after the server starts, its first sync of the fake takes a while: not the test's own time.
  testInfo.setTimeout(testInfo.timeout + 60_000);
  await resetUpstream();
  await waitForSyncedList(page.request, FAKE_MIGRATIONS.length);
  // The reset reaches the mirror at the sync's next read: a change from the test before must be gone first.
  await expect
    .poll(
      async () => [await mirroredStatus(page.request, WORKING.id), await mirroredStatus(page.request, FINISHED.id)],
      { message: "the mirror has them back", timeout: 20_000 },
    )
    .toEqual(["WORKING", "FAILED"]);
});

test.afterAll(async ({ playwright, serverStorageState }) => {
  await resetUpstream();
  // Leave the mirror as the next spec file expects it.
  const request = await playwright.request.newContext({
    baseURL: UPSTREAM_APP.baseURL,
    storageState: serverStorageState,
  });
  await expect
    .poll(async () => [await mirroredStatus(request, WORKING.id), await mirroredStatus(request, FINISHED.id)], {
      timeout: 20_000,
    })
    .toEqual(["WORKING", "FAILED"]);
  await request.dispose();
});

const badgeOf = (page: Page, id: string) =>
  page.locator(`[data-testid="migration-row"][data-id="${id}"]`).getByTestId("status-badge");

test("signed out, the event stream answers 401 JSON and streams nothing", async ({ playwright }) => {
  // An explicitly empty state: the test runner would otherwise hand the new context this file's signed-in one.
  const anonymous = await playwright.request.newContext({
    baseURL: UPSTREAM_APP.baseURL,
    storageState: { cookies: [], origins: [] },
  });
  const response = await anonymous.get("/api/events", { maxRedirects: 0 });
  expect(response.status()).toBe(401);
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthenticated");
  await anonymous.dispose();
});

test("a status change upstream repaints the list at once, and the page of a finished migration (never polled) too", async ({
  page,
  context,
}) => {
  test.setTimeout(60_000);
  await page.goto("/migrations");
  await waitForRows(page);
  await expect(page.getByTestId("live-toggle")).toHaveAttribute("data-streaming", "true");
  await expect(badgeOf(page, WORKING.id)).toHaveAttribute("data-status", "WORKING");

  // A finished migration's page does not poll (see detail.spec.ts): only a push can change it.
  const detail = await context.newPage();
  await detail.goto(`/migrations/${FINISHED.id}`);
  await expect(detail.getByTestId("detail-status")).toHaveText("FAILED");
  await expect(detail.getByTestId("detail-polling")).toHaveText("Final status");

  const changedAt = Date.now();
  await setUpstreamStatus(WORKING.id, "FAILED");
  await setUpstreamStatus(FINISHED.id, "WORKING");
  await expect(badgeOf(page, WORKING.id)).toHaveAttribute("data-status", "FAILED", { timeout: 10_000 });
  const listMs = Date.now() - changedAt;
  // The same "changed" marker as a polled refresh gives.
  await expect(
    page.locator(`[data-testid="migration-row"][data-id="${WORKING.id}"]`).getByTestId("status-changed"),
  ).toBeVisible();
  await expect(detail.getByTestId("detail-status")).toHaveText("WORKING", { timeout: 10_000 });
  const detailMs = Date.now() - changedAt;
  // The upstream change must first be read by the sync (every 0.5 s here), then pushed.
  test.info().annotations.push({
    type: "upstream change → repainted",
    description: `list ${listMs} ms, finished migration's page ${detailMs} ms`,
  });
});

test("without the stream, the list falls back to polling every 10 s and still shows the change", async ({ page }) => {
  test.setTimeout(60_000);
  let refused = 0;
  await page.route("**/api/events", (route) => {
    refused++;
    return route.abort();
  });
  await page.clock.install();
  await page.goto("/migrations");
  await waitForRows(page);
  await expect.poll(() => refused, { message: "the page asked for the stream" }).toBeGreaterThan(0);
  // The drop counts after a short grace: a stream that reconnects at once is not a drop.
  await page.clock.runFor(3_500);
  await expect(page.getByTestId("live-toggle")).toHaveAttribute("data-streaming", "false");

  await setUpstreamStatus(WORKING.id, "FAILED");
  await expect
    .poll(() => mirroredStatus(page.request, WORKING.id), { message: "the mirror has the change", timeout: 20_000 })
    .toBe("FAILED");
  // The next poll brings it (the page's clock moved on to it; its own 10 s may come first).
  const refreshed = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/migrations");
  await page.clock.runFor(10_500);
  await refreshed;
  await expect(badgeOf(page, WORKING.id)).toHaveAttribute("data-status", "FAILED");
});

test("while the stream is up the list polls only once a minute, yet a failing sync and its recovery show at once", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const listRequests: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/migrations") listRequests.push(request.url());
  });
  await page.clock.install();
  await page.goto("/migrations");
  await waitForRows(page);
  await expect(page.getByTestId("live-toggle")).toHaveAttribute("data-streaming", "true");
  await expect(page.getByTestId("synced-ago")).toHaveAttribute("data-state", "current");
  const before = listRequests.length;
  // Without the stream the list would have polled five times by now (see the test above).
  await page.clock.runFor(55_000);
  expect(listRequests.length).toBe(before);

  try {
    await setUpstreamMode("unavailable");
    // The sync's freshness is pushed too: the notice comes with no refetch of the list.
    await expect(page.getByTestId("sync-failing")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId("sync-last-error")).toContainText("503");
    await expect(page.getByTestId("synced-ago")).toHaveAttribute("data-state", "failing");
    expect(listRequests.length).toBe(before);
  } finally {
    await setUpstreamMode("ok");
  }
  await expect(page.getByTestId("sync-failing")).toHaveCount(0, { timeout: 30_000 });
  await expect(page.getByTestId("synced-ago")).toHaveAttribute("data-state", "current");
  expect(listRequests.length).toBe(before);

  // The safety net: a minute after the last refresh, one more.
  const refreshed = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/migrations");
  await page.clock.runFor(10_000);
  await refreshed;
});
