import { gzipSync } from "node:zlib";
import { type APIRequestContext, expect, type Locator, type Page } from "@playwright/test";
import { signedInTest as test } from "./support/auth";
import { showing, toNumber, waitForRows } from "./support/dashboard";
import { E2E } from "./support/servers";

/**
 * The company page, the companies list and the insights on 3107 (the embedded API's demo data,
 * simulation off): numbers against the BFF, each chart's link against the list it opens, the
 * table alternatives, the range switches, and the first-load JS the chart library adds (only here).
 */

// Pages of 90 days of charts and tables, and lists followed from them, on a busy 2-core machine.
test.describe.configure({ timeout: 120_000 });

interface BffList {
  total: number;
  counts: Record<string, number>;
}

async function bffList(request: APIRequestContext, query: string): Promise<BffList> {
  const response = await request.get(`/api/migrations?${query}`);
  expect(response.status(), `/api/migrations?${query}`).toBe(200);
  return (await response.json()) as BffList;
}

/** A company page's heading: the directory's name for it (the demo data names its companies), else the id. */
async function companyHeading(request: APIRequestContext, id: string): Promise<string> {
  const response = await request.get(`/api/directory/suggest?kind=company&q=${encodeURIComponent(id)}`);
  expect(response.status()).toBe(200);
  const { data } = (await response.json()) as { data: Array<{ id: string; name: string | null }> };
  return data.find((entry) => entry.id === id)?.name ?? id;
}

/** The list a link leads to, and its total once its rows are there. */
async function followToList(page: Page, link: Locator): Promise<number> {
  const href = (await link.getAttribute("href")) ?? "";
  await page.goto(href);
  await waitForRows(page);
  return (await showing(page)).total;
}

/** Opens a chart's table alternative from the keyboard, and gives its table. */
async function openTableWithKeyboard(chart: Locator): Promise<Locator> {
  const details = chart.getByTestId("chart-table");
  // A client-side range switch keeps the same <details> element, open if it was.
  if ((await details.getAttribute("open")) === null) {
    const summary = details.locator("summary");
    await summary.focus();
    await summary.press("Enter");
  }
  const table = chart.getByTestId("chart-table").locator("table");
  await expect(table).toBeVisible();
  return table;
}

async function biggestCompany(request: APIRequestContext, page: Page): Promise<string> {
  await page.goto("/companies");
  const first = page.getByTestId("company-row").first();
  await expect(first).toBeVisible();
  const id = (await first.getAttribute("data-company-id")) ?? "";
  expect((await bffList(request, `company_id=${id}`)).total).toBeGreaterThan(0);
  return id;
}

test("the company page's totals, counts and attention lists match the BFF's view of that company", async ({ page }) => {
  const id = await biggestCompany(page.request, page);
  const bff = await bffList(page.request, `company_id=${encodeURIComponent(id)}`);
  await page.goto(`/companies/${id}`);
  await expect(page.getByTestId("company-heading")).toHaveText(await companyHeading(page.request, id));
  expect(toNumber((await page.getByTestId("stat-total").textContent()) ?? "")).toBe(bff.total);

  const counts = await page
    .getByTestId("status-count")
    .evaluateAll((links) => links.map((link) => [link.getAttribute("data-status") ?? "", link.textContent ?? ""]));
  expect(
    Object.fromEntries(counts.map(([status, text]) => [status, toNumber(/([\d,]+)$/.exec(text ?? "")?.[1] ?? "")])),
  ).toEqual(bff.counts);
  const finished = ["COMPLETE", "FAILED", "COMPLETED_WITH_FAILURES", "LOGIN_ABANDONED"].reduce(
    (sum, status) => sum + (bff.counts[status] ?? 0),
    0,
  );
  const rate = `${Math.round(((bff.counts.COMPLETE ?? 0) / finished) * 100)} %`;
  await expect(page.getByTestId("stat-success-rate")).toHaveText(rate);

  const failedCount = page.getByTestId("attention-failed").getByTestId("attention-count");
  await expect(failedCount).toHaveText(`(${(bff.counts.FAILED ?? 0).toLocaleString("en-US")})`);
  await expect(page.getByTestId("attention-waiting").getByTestId("attention-count")).toHaveText(
    `(${(bff.counts.PENDING_USER_INPUT ?? 0).toLocaleString("en-US")})`,
  );
  // Failed ones say why, or that no reason was reported.
  for (const detail of await page.getByTestId("attention-failed").getByTestId("attention-detail").allTextContents()) {
    expect(detail).toMatch(/^(Reason: .+|No reason reported)$/);
  }

  // Its trend over 30 days counts what the list of its migrations created in those days counts.
  const trend = page.getByTestId("chart-company-trend");
  const described = toNumber(
    /^([\d,]+) migrations/.exec((await trend.locator("p").first().textContent()) ?? "")?.[1] ?? "",
  );
  const trendLink = trend.getByTestId("chart-list-link");
  await expect(trendLink).toHaveAttribute("href", new RegExp(`company_id=${id}&created_from=`));
  // The copy button holds the page's full address.
  await expect(page.getByRole("button", { name: "Copy a link to this page" })).toBeVisible();
  if (described > 0) expect(await followToList(page, trendLink)).toBe(described);

  await page.goto(`/companies/${id}?range=90`);
  await expect(page.getByTestId("range-switch").getByRole("link", { name: "90 days" })).toHaveAttribute(
    "aria-current",
    "page",
  );
  const table = await openTableWithKeyboard(page.getByTestId("chart-company-trend"));
  await expect(table.locator("tbody tr")).toHaveCount(90);
});

test("an unknown company id gets a clear state, not an error", async ({ page }) => {
  const response = await page.goto("/companies/no-such-company-0000");
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId("company-unknown")).toContainText("No migrations for this company");
});

test("the companies list sorts by each column both ways, in the URL, with totals from the BFF", async ({ page }) => {
  const columns = [
    ["migrations", "company-total"],
    ["failures", "company-failed"],
    ["failure_rate", "company-failure-rate"],
  ] as const;
  for (const [column, cell] of columns) {
    // From another column's sort, so that the first click on this one sorts it largest first.
    await page.goto("/companies?sort=last_activity");
    for (const direction of ["desc", "asc"] as const) {
      await page.getByTestId(`sort-${column}`).click();
      // The default sort (most migrations first) leaves the URL bare.
      const bare = column === "migrations" && direction === "desc";
      await expect(page).toHaveURL(
        bare ? /\/companies$/ : new RegExp(`sort=${direction === "desc" ? "-" : ""}${column}(&|$)`),
      );
      const header = page.locator("th", { has: page.getByTestId(`sort-${column}`) });
      await expect(header).toHaveAttribute("aria-sort", direction === "desc" ? "descending" : "ascending");
      const values = (await page.getByTestId(cell).allTextContents()).map((text) =>
        Number.parseFloat(text.replace(/[,\s%]/g, "")),
      );
      const sorted = [...values].sort((a, b) => (direction === "desc" ? b - a : a - b));
      expect(values, `${column} ${direction}`).toEqual(sorted);
    }
  }
  // Last activity: newest first.
  await page.getByTestId("sort-last_activity").click();
  await expect(page).toHaveURL(/sort=-last_activity/);
  const times = await page
    .getByTestId("company-last-activity")
    .locator("time")
    .evaluateAll((els) => els.map((el) => el.getAttribute("datetime") ?? ""));
  expect(times).toEqual([...times].sort().reverse());

  const first = page.getByTestId("company-row").first();
  const id = (await first.getAttribute("data-company-id")) ?? "";
  const bff = await bffList(page.request, `company_id=${id}`);
  expect(toNumber((await first.getByTestId("company-total").textContent()) ?? "")).toBe(bff.total);
  expect(toNumber((await first.getByTestId("company-failed").textContent()) ?? "")).toBe(bff.counts.FAILED ?? 0);
});

test("every insights chart links to the list behind it, with the same count, and has a table", async ({ page }) => {
  await page.goto("/insights?range=90");
  const charts = ["started", "failure-rate", "time-to-complete", "status-waits", "top-companies"];
  for (const id of charts) {
    const chart = page.getByTestId(`chart-${id}`);
    await expect(chart).toBeVisible();
    await expect(chart.getByTestId("chart-list-link")).toHaveAttribute("href", /^\/migrations/);
    await expect(chart.getByTestId("chart-table").locator("summary")).toHaveText("Show as a table");
  }

  // Started per day: the range's total, then one day's cell, then one status of one day.
  const started = page.getByTestId("chart-started");
  const total = toNumber(
    /^([\d,]+) migrations/.exec((await started.locator("p").first().textContent()) ?? "")?.[1] ?? "",
  );
  expect(total).toBeGreaterThan(0);
  const startedTable = await openTableWithKeyboard(started);
  await expect(startedTable.locator("tbody tr")).toHaveCount(90);
  const cellLinks = startedTable.locator("tbody td a");
  const cell = cellLinks.nth(Math.floor((await cellLinks.count()) / 2));
  const cellCount = toNumber((await cell.textContent()) ?? "");
  const cellHref = (await cell.getAttribute("href")) ?? "";
  const listLink = started.getByTestId("chart-list-link");
  expect(await followToList(page, listLink)).toBe(total);
  await page.goto(cellHref);
  await waitForRows(page);
  expect((await showing(page)).total).toBe(cellCount);
  await expect(page.getByTestId("created-range")).toContainText("Created");

  // Failure rate: the failed migrations of the range, as the table sums them.
  await page.goto("/insights?range=90");
  const rate = page.getByTestId("chart-failure-rate");
  const rateTable = await openTableWithKeyboard(rate);
  const failed = (await rateTable.locator("tbody tr td:nth-child(2)").allTextContents()).reduce(
    (sum, text) => sum + toNumber(text),
    0,
  );
  expect(await followToList(page, rate.getByTestId("chart-list-link"))).toBe(failed);

  // Top companies: the first company's failures, and the failed migrations of the range.
  await page.goto("/insights?range=90");
  const top = page.getByTestId("chart-top-companies");
  const topTable = await openTableWithKeyboard(top);
  const firstFailed = topTable.locator("tbody tr").first().locator("td a").first();
  const firstCount = toNumber((await firstFailed.textContent()) ?? "");
  expect(await followToList(page, firstFailed)).toBe(firstCount);
  await page.goto("/insights?range=90");
  expect(await followToList(page, page.getByTestId("chart-top-companies").getByTestId("chart-list-link"))).toBe(failed);

  // Time to complete and status waits lead to lists too (the demo data has no observed history: empty charts say so).
  await page.goto("/insights?range=90");
  for (const id of ["time-to-complete", "status-waits"]) {
    const chart = page.getByTestId(`chart-${id}`);
    const href = (await chart.getByTestId("chart-list-link").getAttribute("href")) ?? "";
    const response = await page.request.get(`/api/${href.slice(1)}`);
    expect(response.status(), href).toBe(200);
  }
});

test("the insights range switch is in the URL and changes every chart's days", async ({ page }) => {
  await page.goto("/insights");
  const switcher = page.getByTestId("range-switch");
  await expect(switcher.getByRole("link", { name: "30 days" })).toHaveAttribute("aria-current", "page");
  for (const days of [7, 90, 30] as const) {
    await switcher.getByRole("link", { name: `${days} days` }).click();
    if (days === 30) await expect(page).toHaveURL(/\/insights$/);
    else await expect(page).toHaveURL(new RegExp(`range=${days}`));
    await expect(switcher.getByRole("link", { name: `${days} days` })).toHaveAttribute("aria-current", "page");
    const table = await openTableWithKeyboard(page.getByTestId("chart-failure-rate"));
    await expect(table.locator("tbody tr")).toHaveCount(days);
  }
});

test("the chart library is loaded only by the insights pages: /migrations stays within 1.35x the bare page", async ({
  page,
}, testInfo) => {
  const cookie = (await page.context().cookies(E2E.baseURL)).map((c) => `${c.name}=${c.value}`).join("; ");
  const sizes = new Map<string, number>();
  const gzipOfPage = async (path: string) => {
    const response = await fetch(E2E.baseURL + path, { headers: { Cookie: cookie }, redirect: "manual" });
    const html = await response.text();
    let total = 0;
    const seen = new Set<string>();
    for (const match of html.matchAll(/<script\b([^>]*)>/gi)) {
      const src = /\bsrc="([^"]*)"/i.exec(match[1] ?? "")?.[1];
      if (!src || /\bnomodule\b/i.test(match[1] ?? "") || seen.has(src)) continue;
      seen.add(src);
      let size = sizes.get(src);
      if (size === undefined) {
        const body = Buffer.from(await (await fetch(new URL(src.replaceAll("&amp;", "&"), E2E.baseURL))).arrayBuffer());
        size = gzipSync(body, { level: 9 }).length;
        sizes.set(src, size);
      }
      total += size;
    }
    return { status: response.status, total };
  };
  const company = await biggestCompany(page.request, page);
  const figures = {
    bare: await gzipOfPage("/bench-bare-baseline"),
    migrations: await gzipOfPage("/migrations"),
    insights: await gzipOfPage("/insights"),
    companies: await gzipOfPage("/companies"),
    company: await gzipOfPage(`/companies/${company}`),
  };
  const report = Object.entries(figures)
    .map(
      ([name, { status, total }]) =>
        `${name}: ${(total / 1000).toFixed(1)} kB gzip (${status}), ${(total / figures.bare.total).toFixed(2)}x bare`,
    )
    .join("\n");
  console.log(`First-load JS (every <script src>, gzip -9):\n${report}`);
  await testInfo.attach("first-load-js.txt", { body: report, contentType: "text/plain" });
  expect(figures.bare.status).toBe(404);
  expect(figures.migrations.total / figures.bare.total).toBeLessThanOrEqual(1.35);
});

test("a migration's page links to its company's review", async ({ page }) => {
  const id = await biggestCompany(page.request, page);
  const response = await page.request.get(`/api/migrations?company_id=${id}&page_size=10`);
  const first = ((await response.json()) as { data: Array<{ id: string }> }).data[0]?.id ?? "";
  await page.goto(`/migrations/${first}`);
  await page.getByTestId("detail-company").getByRole("link", { name: "Company review" }).click();
  await expect(page).toHaveURL(new RegExp(`/companies/${id}$`));
  await expect(page.getByTestId("company-heading")).toHaveText(await companyHeading(page.request, id));
});
