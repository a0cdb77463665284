import { type APIRequestContext, expect, type Page } from "@playwright/test";
import { signInAsDemo, signedInTest as test } from "./support/auth";
import {
  chipCounts,
  formatCount,
  openStatusPanel,
  queryOf,
  readRows,
  rowIds,
  rows,
  showing,
  sum,
  table,
  toNumber,
  waitForHydration,
  waitForRows,
} from "./support/dashboard";
import type { ApiMigration } from "./support/migrations";
import { E2E, runtimeApiKey } from "./support/servers";

/** The list on 3107: the embedded API's demo organization (~2,000 migrations), simulation off. */

interface ApiList {
  data: ApiMigration[];
  total: number;
}

/** The embedded API itself (with the server's key), as an oracle independent of the dashboard. */
async function apiList(request: APIRequestContext, query: string): Promise<ApiList> {
  const response = await request.get(`/api/v1/migrations?${query}`, {
    headers: { Authorization: `Bearer ${runtimeApiKey()}` },
  });
  expect(response.status(), `/api/v1/migrations?${query}`).toBe(200);
  return (await response.json()) as ApiList;
}

async function openList(page: Page, query = ""): Promise<void> {
  await page.goto(`/migrations${query}`);
  await waitForRows(page);
  await waitForHydration(page);
}

const rowById = (page: Page, id: string) => page.locator(`[data-testid="migration-row"][data-id="${id}"]`);

const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

test("the first page is rendered on the server: the HTML already holds the rows", async ({ page }) => {
  const newest = (await apiList(page.request, "page_size=25")).data;
  // The signed-in context's cookies, no browser, no JavaScript: only what the server sent.
  const response = await page.request.get("/migrations");
  expect(response.status()).toBe(200);
  const html = await response.text();
  const ids = [...html.matchAll(/<tr[^>]*data-testid="migration-row"[^>]*>/g)].map(
    ([tag]) => /data-id="([^"]+)"/.exec(tag)?.[1],
  );
  expect(ids).toEqual(newest.map((m) => m.id));
  expect(html.includes('data-testid="showing"'), "the pagination is in the HTML").toBe(true);
});

test("paging: the next page shows rows 26–50 of the same total, and other rows", async ({ page }) => {
  await openList(page);
  const first = await showing(page);
  expect(first.first).toBe(1);
  expect(first.last).toBe(25);
  expect(first.total).toBeGreaterThan(1000);
  const firstIds = await rowIds(page);
  expect(firstIds).toHaveLength(25);

  await page.getByRole("button", { name: "Next page" }).click();
  await expect(page).toHaveURL(/[?&]page=2(&|$)/);
  await expect(page.getByTestId("showing")).toHaveText(`Showing 26–50 of ${formatCount(first.total)}`);
  await waitForRows(page);
  const secondIds = await rowIds(page);
  expect(secondIds).toHaveLength(25);
  expect(secondIds[0]).not.toBe(firstIds[0]);
  expect(secondIds.filter((id) => firstIds.includes(id))).toEqual([]);
  await expect(page.getByRole("button", { name: "Page 2", exact: true })).toHaveAttribute("aria-current", "page");
});

test("a page size of 100 shows 100 rows from the first page, with page_size=100 in the URL", async ({ page }) => {
  await openList(page, "?page=3");
  const { total } = await showing(page);
  await expect(page.getByTestId("showing")).toHaveText(`Showing 51–75 of ${formatCount(total)}`);

  await page.getByTestId("page-size").selectOption("100");
  await expect(page).toHaveURL(/[?&]page_size=100(&|$)/);
  expect(param(page, "page")).toBeNull();
  await expect(rows(page)).toHaveCount(100);
  await expect(page.getByTestId("showing")).toHaveText(`Showing 1–100 of ${formatCount(total)}`);
  await expect(page.getByTestId("page-size")).toHaveValue("100");
});

test("the status filter panel: only that status, and the total is the panel's count and the chip's", async ({
  page,
}) => {
  await openList(page);
  const chips = await chipCounts(page);
  const status = "FAILED";
  expect(chips[status]).toBeGreaterThan(0);

  const panel = await openStatusPanel(page);
  const panelCount = toNumber((await panel.getByTestId(`status-count-${status}`).textContent()) ?? "");
  expect(panelCount).toBe(chips[status]);
  await panel.getByTestId(`status-option-${status}`).check();
  await expect(page).toHaveURL(/[?&]status=FAILED(&|$)/);
  await expect(page.getByTestId("showing")).toHaveText(new RegExp(` of ${formatCount(panelCount)}$`));
  await waitForRows(page);
  const shown = await readRows(page);
  expect(shown.length).toBe(Math.min(25, panelCount));
  expect(new Set(shown.map((row) => row.status))).toEqual(new Set([status]));
  await expect(page.getByTestId(`summary-chip-${status}`)).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId(`summary-chip-${status}`).getByTestId("summary-chip-count")).toHaveText(
    formatCount(panelCount),
  );
});

test("two statuses combined: rows of either, and the total is the sum of both counts", async ({ page }) => {
  await openList(page);
  const panel = await openStatusPanel(page);
  const statuses = ["FAILED", "PENDING_USER_INPUT"];
  let expected = 0;
  for (const status of statuses) {
    expected += toNumber((await panel.getByTestId(`status-count-${status}`).textContent()) ?? "");
    await panel.getByTestId(`status-option-${status}`).check();
  }
  expect(expected).toBeGreaterThan(25);
  await expect(page).toHaveURL(/[?&]status=FAILED%2CPENDING_USER_INPUT(&|$)|[?&]status=FAILED,PENDING_USER_INPUT(&|$)/);
  await expect(page.getByTestId("showing")).toHaveText(`Showing 1–25 of ${formatCount(expected)}`);
  await waitForRows(page);
  for (const row of await readRows(page)) expect(statuses).toContain(row.status);
  await expect(page.getByTestId("status-filter-button")).toContainText("2");
});

test("the company filter, typed: every row is that company's, as many as the API has", async ({ page }) => {
  await openList(page);
  const company = (await readRows(page)).find((row) => row.company)?.company ?? "";
  expect(company).not.toBe("");
  const oracle = await apiList(page.request, `company_id=${encodeURIComponent(company)}&page_size=100`);

  await page.getByLabel("Company", { exact: true }).fill(company);
  await page.getByLabel("Company", { exact: true }).press("Enter");
  await expect(page).toHaveURL(new RegExp(`[?&]company_id=${company}(&|$)`));
  await expect(page.getByTestId("showing")).toHaveText(new RegExp(` of ${formatCount(oracle.total)}$`));
  await waitForRows(page);
  const shown = await readRows(page);
  expect(shown.map((row) => row.company)).toEqual(shown.map(() => company));
  expect(shown.map((row) => row.id)).toEqual(oracle.data.slice(0, 25).map((m) => m.id));
  // The chips count this company's migrations only.
  expect(sum(await chipCounts(page))).toBe(oracle.total);
});

test("clicking a company cell filters by that company", async ({ page }) => {
  await openList(page);
  const target = (await readRows(page)).filter((row) => row.company)[2];
  expect(target?.company).toBeTruthy();
  const company = target?.company ?? "";

  await rowById(page, target?.id ?? "")
    .getByRole("button", { name: `Show only ${target?.companyLabel}'s migrations`, exact: true })
    .click();
  await expect(page).toHaveURL(new RegExp(`[?&]company_id=${company}(&|$)`));
  await expect(page.getByLabel("Company", { exact: true })).toHaveValue(company);
  await waitForRows(page);
  const shown = await readRows(page);
  expect(shown.map((row) => row.id)).toContain(target?.id);
  expect(new Set(shown.map((row) => row.company))).toEqual(new Set([company]));
});

test("clicking a user cell filters by that user", async ({ page }) => {
  await openList(page);
  const target = (await readRows(page))[4];
  const user = target?.user ?? "";
  expect(user).not.toBe("");
  const oracle = await apiList(page.request, `created_by_user_id=${encodeURIComponent(user)}&page_size=1`);

  await rowById(page, target?.id ?? "")
    .getByRole("button", { name: target?.userLabel ?? user, exact: true })
    .click();
  await expect(page).toHaveURL(new RegExp(`[?&]created_by_user_id=${user}(&|$)`));
  await expect(page.getByLabel("Created by user", { exact: true })).toHaveValue(user);
  await expect(page.getByTestId("showing")).toHaveText(new RegExp(` of ${formatCount(oracle.total)}$`));
  await waitForRows(page);
  const shown = await readRows(page);
  expect(shown.map((row) => row.id)).toContain(target?.id);
  expect(new Set(shown.map((row) => row.user))).toEqual(new Set([user]));
});

test("status and company combined: rows match both, and the total is that status's chip count", async ({ page }) => {
  // The company with the most migrations on the first 100 rows: likely several statuses.
  const sample = await apiList(page.request, "page_size=100");
  const byCompany = new Map<string, number>();
  for (const m of sample.data) if (m.company_id) byCompany.set(m.company_id, (byCompany.get(m.company_id) ?? 0) + 1);
  const company = [...byCompany.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";
  const status = "COMPLETE";
  const oracle = await apiList(page.request, `company_id=${company}&status=${status}&page_size=100`);
  expect(oracle.total).toBeGreaterThan(0);

  await openList(page, `?company_id=${company}`);
  await page.getByTestId(`summary-chip-${status}`).click();
  await expect(page).toHaveURL(new RegExp(`[?&]status=${status}(&|$)`));
  expect(param(page, "company_id")).toBe(company);
  await expect(page.getByTestId("showing")).toHaveText(new RegExp(` of ${formatCount(oracle.total)}$`));
  await waitForRows(page);
  await expect(page.getByTestId(`summary-chip-${status}`).getByTestId("summary-chip-count")).toHaveText(
    formatCount(oracle.total),
  );
  const shown = await readRows(page);
  expect(shown.map((row) => row.id)).toEqual(oracle.data.slice(0, 25).map((m) => m.id));
  for (const row of shown) expect(row).toMatchObject({ status, company });
});

test("the summary chips' counts add up to the unfiltered total, and match the filter panel's", async ({ page }) => {
  await openList(page);
  const { total } = await showing(page);
  const oracle = await apiList(page.request, "page_size=1");
  expect(total).toBe(oracle.total);
  const chips = await chipCounts(page);
  expect(Object.keys(chips).length).toBeGreaterThan(3);
  expect(sum(chips)).toBe(total);

  const panel = await openStatusPanel(page);
  for (const [status, count] of Object.entries(chips)) {
    await expect(panel.getByTestId(`status-count-${status}`)).toHaveText(formatCount(count));
  }
});

test("changing a filter goes back to page 1", async ({ page }) => {
  await openList(page, "?page=3");
  await expect(page.getByTestId("showing")).toHaveText(/^Showing 51–75 of /);
  await page.getByTestId("summary-chip-COMPLETE").click();
  await expect(page).toHaveURL(/[?&]status=COMPLETE(&|$)/);
  expect(param(page, "page")).toBeNull();
  await expect(page.getByTestId("showing")).toHaveText(/^Showing 1–25 of /);
  await expect(page.getByRole("button", { name: "Page 1", exact: true })).toHaveAttribute("aria-current", "page");
});

test("the created column sorts newest first, and one click makes it oldest first", async ({ page }) => {
  const { total } = await apiList(page.request, "page_size=1");
  const oldest = (await apiList(page.request, `page_size=1&page=${total}`)).data[0];
  expect(oldest).toBeDefined();

  await openList(page);
  const header = page.locator("th", { has: page.getByTestId("sort-created") });
  await expect(header).toHaveAttribute("aria-sort", "descending");
  const newestFirst = await readRows(page);
  const times = newestFirst.map((row) => Date.parse(row.created));
  expect(times).toEqual([...times].sort((a, b) => b - a));

  await page.getByTestId("sort-created").click();
  await expect(header).toHaveAttribute("aria-sort", "ascending");
  await expect(page).toHaveURL(/[?&]sort=created(&|$)/);
  await expect(rows(page).first()).toHaveAttribute("data-id", oldest?.id ?? "");
  await waitForRows(page);
  const oldestFirst = (await readRows(page)).map((row) => Date.parse(row.created));
  expect(oldestFirst).toEqual([...oldestFirst].sort((a, b) => a - b));
  expect(oldestFirst[0]).toBeLessThan(times.at(-1) ?? 0);
});

test("a filtered, paged, sorted URL opened in a new browser context survives sign-in and shows the same view", async ({
  page,
  browser,
}) => {
  await openList(page);
  await page.getByTestId("summary-chip-COMPLETE").click();
  await expect(page).toHaveURL(/status=COMPLETE/);
  await page.getByTestId("sort-created").click();
  await expect(page).toHaveURL(/sort=created/);
  await page.getByTestId("page-size").selectOption("10");
  await expect(page).toHaveURL(/page_size=10/);
  await page.getByRole("button", { name: "Page 2", exact: true }).click();
  await expect(page).toHaveURL(/[?&]page=2(&|$)/);
  await expect(page.getByTestId("showing")).toHaveText(/^Showing 11–20 of /);
  await waitForRows(page);
  const url = page.url();
  const ids = await rowIds(page);
  const showingText = await page.getByTestId("showing").textContent();
  expect(queryOf(url)).toEqual({ status: "COMPLETE", sort: "created", page_size: "10", page: "2" });

  // Not signed in: contexts made in a test inherit the test's options, the saved session included.
  const other = await browser.newContext({ baseURL: E2E.baseURL, storageState: { cookies: [], origins: [] } });
  try {
    const fresh = await other.newPage();
    await fresh.goto(url);
    await expect(fresh).toHaveURL(/\/signin\?callbackUrl=/);
    await signInAsDemo(fresh);
    await expect(fresh).toHaveURL(url);
    await waitForRows(fresh);
    expect(await rowIds(fresh)).toEqual(ids);
    await expect(fresh.getByTestId("showing")).toHaveText(showingText ?? "");
    await expect(fresh.getByTestId("summary-chip-COMPLETE")).toHaveAttribute("aria-pressed", "true");
    await expect(fresh.locator("th", { has: fresh.getByTestId("sort-created") })).toHaveAttribute(
      "aria-sort",
      "ascending",
    );
    await expect(fresh.getByTestId("page-size")).toHaveValue("10");
    await expect(fresh.getByRole("button", { name: "Page 2", exact: true })).toHaveAttribute("aria-current", "page");
    const panel = await openStatusPanel(fresh);
    await expect(panel.getByTestId("status-option-COMPLETE")).toBeChecked();
    await expect(panel.getByTestId("status-option-FAILED")).not.toBeChecked();
  } finally {
    await other.close();
  }
});

test("the back button walks back through filter changes, URL and rows", async ({ page }) => {
  await openList(page);
  const steps: Array<{ url: string; ids: string[] }> = [];
  const record = async () => {
    await waitForRows(page);
    steps.push({ url: page.url(), ids: await rowIds(page) });
  };
  await record();

  await page.getByTestId("summary-chip-FAILED").click();
  await expect(page).toHaveURL(/status=FAILED/);
  await record();

  const company = (await readRows(page)).find((row) => row.company)?.company ?? "";
  await page.getByLabel("Company", { exact: true }).fill(company);
  await page.getByLabel("Company", { exact: true }).press("Enter");
  await expect(page).toHaveURL(/company_id=/);
  await record();

  await page.getByTestId("sort-created").click();
  await expect(page).toHaveURL(/sort=created/);
  await record();

  // Four different views, each with its own URL.
  expect(new Set(steps.map((step) => step.url)).size).toBe(4);

  for (const back of [2, 1]) {
    await page.goBack();
    const expected = steps[back];
    await expect(page).toHaveURL(expected?.url ?? "");
    await expect(rows(page).first()).toHaveAttribute("data-id", expected?.ids[0] ?? "");
    await waitForRows(page);
    expect(await rowIds(page)).toEqual(expected?.ids);
  }
  await expect(page.getByLabel("Company", { exact: true })).toHaveValue("");
  await expect(page.getByTestId("summary-chip-FAILED")).toHaveAttribute("aria-pressed", "true");
});

test("pasting a full migration id into “Go to migration” opens its detail page", async ({ page }) => {
  await openList(page);
  const target = (await readRows(page))[7]?.id ?? "";
  const input = page.getByTestId("go-to-migration");
  await input.focus();
  // A real paste event, as from the clipboard (with the whitespace a copied id often carries).
  await input.evaluate((element, text) => {
    const data = new DataTransfer();
    data.setData("text", text);
    element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, `  ${target.toUpperCase()}\n`);
  await expect(page).toHaveURL(`${E2E.baseURL}/migrations/${target}`);
  await expect(page.getByTestId("detail-id")).toHaveText(target);

  // Typing it and pressing Enter works too.
  await page.goBack();
  await expect(page).toHaveURL(`${E2E.baseURL}/migrations`);
  const other = (await readRows(page))[9]?.id ?? "";
  await page.getByTestId("go-to-migration").fill(other);
  await page.getByTestId("go-to-migration").press("Enter");
  await expect(page).toHaveURL(`${E2E.baseURL}/migrations/${other}`);
  await expect(page.getByTestId("detail-id")).toHaveText(other);
});

test("filters that match nothing say so, and “Clear filters” brings the rows back", async ({ page }) => {
  await openList(page);
  const { total } = await showing(page);
  await page.getByLabel("Company", { exact: true }).fill("no-such-company-e2e");
  await page.getByLabel("Company", { exact: true }).press("Enter");
  await expect(page).toHaveURL(/company_id=no-such-company-e2e/);
  const empty = page.getByTestId("empty-no-matches");
  await expect(empty).toBeVisible();
  await expect(empty.getByRole("heading")).toHaveText("No migrations match these filters");
  await expect(rows(page)).toHaveCount(0);
  await expect(page.getByTestId("empty-no-migrations")).toHaveCount(0);

  await empty.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(`${E2E.baseURL}/migrations`);
  await waitForRows(page);
  await expect(page.getByTestId("showing")).toHaveText(`Showing 1–25 of ${formatCount(total)}`);
  await expect(page.getByLabel("Company", { exact: true })).toHaveValue("");
  await expect(page.getByTestId("clear-filters")).toHaveCount(0);
});

test("the live toggle pauses refreshing and resumes it", async ({ page }) => {
  // Without the change stream the list polls every 10 s: a pace this test can count on (the
  // embedded simulator's pushed changes would refresh it at random moments).
  await page.route("**/api/events", (route) => route.abort());
  await page.clock.install();
  await openList(page);
  const toggle = page.getByTestId("live-toggle");
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(toggle).toContainText("Live");

  const refreshes: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/migrations") refreshes.push(request.url());
  });
  // Live: the list refreshes itself within its 10 s interval.
  await page.clock.runFor(11_000);
  await expect.poll(() => refreshes.length).toBeGreaterThan(0);

  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "false");
  await expect(toggle).toContainText("Paused");
  await expect(page.getByTestId("synced-ago")).toHaveText(/^synced \d+ s ago$/);
  const beforePause = refreshes.length;
  await page.clock.runFor(25_000);
  // Nothing was fetched while paused, and the age of the data keeps growing past the interval.
  await expect(page.getByTestId("synced-ago")).toHaveText(/^synced (2[5-9]|[3-5]\d) s ago$/);
  expect(refreshes.length).toBe(beforePause);

  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-pressed", "true");
  await expect(toggle).toContainText("Live");
  await page.clock.runFor(11_000);
  await expect.poll(() => refreshes.length).toBeGreaterThan(beforePause);
  await expect(table(page)).toBeVisible();
});
