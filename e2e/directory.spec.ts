import { type APIRequestContext, expect, type Page } from "@playwright/test";
import { signedInTest as test } from "./support/auth";
import { directoryCli } from "./support/cli";
import { formatCount, readRows, rows, waitForHydration, waitForRows } from "./support/dashboard";
import { E2E } from "./support/servers";

/**
 * Names from the directory wherever an id appears, on the main server (embedded demo data, whose
 * companies and users get demo names at start): list cells, the detail page, the filters'
 * suggestions, the directory page's edits, ids the directory does not know, and the new sorts.
 * The BFF's answer is the oracle: it carries the names the cells must show.
 */

interface BffRow {
  id: string;
  status: string;
  companyId: string | null;
  companyName: string | null;
  createdByUserId: string;
  createdByUserName: string | null;
}

async function bffList(request: APIRequestContext, query: string): Promise<{ data: BffRow[]; total: number }> {
  const response = await request.get(`/api/migrations?${query}`);
  expect(response.status(), query).toBe(200);
  return (await response.json()) as { data: BffRow[]; total: number };
}

async function openList(page: Page, query = ""): Promise<void> {
  await page.goto(`/migrations${query}`);
  await waitForRows(page);
  await waitForHydration(page);
}

/** The demo names are written just after the server starts: wait until the BFF carries them. */
async function namedRows(request: APIRequestContext, query = "page_size=100"): Promise<BffRow[]> {
  await expect
    .poll(async () => (await bffList(request, query)).data.filter((row) => row.companyName !== null).length, {
      timeout: 30_000,
    })
    .toBeGreaterThan(0);
  return (await bffList(request, query)).data;
}

const collator = new Intl.Collator("en", { sensitivity: "base", numeric: true });

test.describe.configure({ timeout: 60_000 });

test("the list shows company and user names, the ids on hover and one copy away, companies linking to their page", async ({
  page,
}) => {
  const expected = (await namedRows(page.request, "page_size=25")).slice(0, 25);
  await openList(page);
  const shown = await readRows(page);
  expect(shown.map((row) => row.id)).toEqual(expected.map((row) => row.id));
  for (const [i, row] of shown.entries()) {
    const want = expected[i] as BffRow;
    expect(row.company).toBe(want.companyId);
    expect(row.user).toBe(want.createdByUserId);
    expect(row.userLabel).toBe(want.createdByUserName ?? want.createdByUserId);
    if (want.companyId !== null) expect(row.companyLabel).toBe(want.companyName ?? want.companyId);
  }
  const named = expected.find((row) => row.companyName !== null) as BffRow;
  const cell = page.locator(`[data-testid="migration-row"][data-id="${named.id}"] [data-testid="company-cell"]`);
  const link = cell.getByRole("link", { name: named.companyName as string, exact: true });
  await expect(link).toHaveAttribute("href", `/companies/${named.companyId}`);
  await expect(link).toHaveAttribute("title", `Company id ${named.companyId}`);
  await expect(cell.getByRole("button", { name: `Copy company id ${named.companyId}` })).toBeVisible();
  // The funnel still filters by the company, by id.
  await cell.getByRole("button", { name: `Show only ${named.companyName}'s migrations` }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]company_id=${named.companyId}(&|$)`));
  await waitForRows(page);
  await expect(page.getByTestId("company-filter-name")).toHaveText(named.companyName as string);
  expect(new Set((await readRows(page)).map((row) => row.companyLabel))).toEqual(new Set([named.companyName]));
});

test("the detail page names the company and the user beside their ids", async ({ page }) => {
  const target = (await namedRows(page.request)).find(
    (row) => row.companyName !== null && row.createdByUserName !== null,
  ) as BffRow;
  await page.goto(`/migrations/${target.id}`);
  await expect(page.getByTestId("detail-company-name")).toHaveText(target.companyName as string);
  await expect(page.getByTestId("detail-company")).toContainText(target.companyId as string);
  await expect(page.getByTestId("detail-user-name")).toHaveText(target.createdByUserName as string);
  await expect(page.getByTestId("detail-user")).toContainText(target.createdByUserId);
  await expect(page.getByRole("link", { name: "Company page" })).toHaveAttribute(
    "href",
    `/companies/${target.companyId}`,
  );
});

test("the company filter suggests by name and by id, with migration counts, and filters by the id", async ({
  page,
}) => {
  const target = (await namedRows(page.request)).find((row) => row.companyName !== null) as BffRow;
  const companyId = target.companyId as string;
  const companyName = target.companyName as string;
  const { total } = await bffList(page.request, `company_id=${companyId}&page_size=10`);
  await openList(page);

  // By a part of the name, any case: the suggestion shows the name, the id and the count.
  const field = page.getByLabel("Company", { exact: true });
  await field.fill(companyName.split(" ")[0]?.toLowerCase() ?? companyName);
  const option = page.getByRole("option").filter({ hasText: companyName });
  await expect(option).toContainText(companyId);
  await expect(option.getByTestId("suggestion-count")).toHaveText(
    `${formatCount(total)} migration${total === 1 ? "" : "s"}`,
  );
  await option.click();
  await expect(page).toHaveURL(new RegExp(`[?&]company_id=${companyId}(&|$)`));
  await expect(field).toHaveValue(companyId);
  await expect(page.getByTestId("showing")).toHaveText(new RegExp(` of ${formatCount(total)}$`));

  // By the start of the id, picked with the keyboard.
  await page.getByRole("button", { name: "Clear company filter" }).click();
  await expect(page).not.toHaveURL(/company_id=/);
  await field.fill(companyId.slice(0, 6));
  await expect(page.getByRole("option").filter({ hasText: companyId })).toBeVisible();
  const options = await page
    .getByRole("option")
    .evaluateAll((elements) => elements.map((element) => element.getAttribute("data-owner-id")));
  await field.press("ArrowDown");
  for (let i = 0; i < options.indexOf(companyId); i++) await field.press("ArrowDown");
  await field.press("Enter");
  await expect(page).toHaveURL(new RegExp(`[?&]company_id=${companyId}(&|$)`));

  // A whole name typed and Enter: that company.
  await page.getByRole("button", { name: "Clear company filter" }).click();
  await expect(page).not.toHaveURL(/company_id=/);
  await field.fill(companyName);
  await field.press("Enter");
  await expect(page).toHaveURL(new RegExp(`[?&]company_id=${companyId}(&|$)`));
});

test("the user filter suggests by name with counts", async ({ page }) => {
  const target = (await namedRows(page.request)).find((row) => row.createdByUserName !== null) as BffRow;
  const { total } = await bffList(page.request, `created_by_user_id=${target.createdByUserId}&page_size=10`);
  await openList(page);
  const field = page.getByLabel("Created by user", { exact: true });
  await field.fill(target.createdByUserName as string);
  const option = page.getByRole("option").filter({ hasText: target.createdByUserId });
  await expect(option.getByTestId("suggestion-count")).toHaveText(
    `${formatCount(total)} migration${total === 1 ? "" : "s"}`,
  );
  await option.click();
  await expect(page).toHaveURL(new RegExp(`[?&]created_by_user_id=${target.createdByUserId}(&|$)`));
  await waitForRows(page);
  expect(new Set((await readRows(page)).map((row) => row.userLabel))).toEqual(new Set([target.createdByUserName]));
});

test("sorted by status and by company name, in both directions, as the BFF orders them", async ({ page }) => {
  await namedRows(page.request);
  await openList(page);
  await page.getByTestId("sort-status").click();
  await expect(page).toHaveURL(/[?&]sort=status(&|$)/);
  const header = page.locator("th", { has: page.getByTestId("sort-status") });
  await expect(header).toHaveAttribute("aria-sort", "ascending");
  await waitForRows(page);
  const byStatus = await readRows(page);
  expect(byStatus.map((row) => row.id)).toEqual((await bffList(page.request, "sort=status")).data.map((r) => r.id));
  expect(byStatus.map((row) => row.status)).toEqual([...byStatus.map((row) => row.status)].sort());

  await page.getByTestId("sort-status").click();
  await expect(page).toHaveURL(/[?&]sort=-status(&|$)/);
  await expect(header).toHaveAttribute("aria-sort", "descending");
  await waitForRows(page);
  const statuses = (await readRows(page)).map((row) => row.status);
  expect(statuses).toEqual([...statuses].sort().reverse());

  await page.getByTestId("sort-company").click();
  await expect(page).toHaveURL(/[?&]sort=company(&|$)/);
  await expect(page.locator("th", { has: page.getByTestId("sort-company") })).toHaveAttribute("aria-sort", "ascending");
  await expect(header).not.toHaveAttribute("aria-sort", /./);
  await waitForRows(page);
  const byCompany = await readRows(page);
  expect(byCompany.map((row) => row.id)).toEqual(
    (await bffList(page.request, "sort=company")).data.map((row) => row.id),
  );
  const labels = byCompany.filter((row) => row.company !== null).map((row) => row.companyLabel ?? "");
  expect(labels).toEqual([...labels].sort(collator.compare));

  // A deep page of the reverse order: the same rows the BFF has there.
  await page.getByTestId("sort-company").click();
  await expect(page).toHaveURL(/[?&]sort=-company(&|$)/);
  await openList(page, "?sort=-company&page=3&page_size=50");
  expect(await rows(page).count()).toBe(50);
  expect((await readRows(page)).map((row) => row.id)).toEqual(
    (await bffList(page.request, "sort=-company&page=3&page_size=50")).data.map((row) => row.id),
  );
});

test("the directory page edits a company's name and adds a user; the list shows the new names", async ({ page }) => {
  const target = (await namedRows(page.request)).find((row) => row.companyName !== null) as BffRow;
  const companyId = target.companyId as string;
  await page.goto(`/directory?q=${companyId}`);
  const row = page.locator(`[data-testid="directory-row"][data-id="${companyId}"]`);
  await expect(row).toContainText(target.companyName as string);
  await row.getByRole("button", { name: `Edit ${target.companyName}` }).click();
  const form = page.getByTestId("company-edit-form");
  await expect(form.getByLabel("Company id")).toHaveValue(companyId);
  await form.getByLabel("Name").fill("");
  await form.getByRole("button", { name: "Save" }).click();
  // The browser's own check stops an empty required name; a name of spaces reaches the server.
  await form.getByLabel("Name").fill("   ");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByTestId("entry-form-message")).toHaveText("Nothing was saved: correct the fields marked.");
  await expect(form.getByText("Name is required")).toBeVisible();
  await form.getByLabel("Name").fill("Renamed Company E2E");
  await form.getByLabel("Account owner").fill("Olga Owner");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.getByTestId("entry-form-message")).toHaveText(`Saved Renamed Company E2E (${companyId}).`);
  await expect(row).toContainText("Olga Owner");

  // Adding an id that is already there is refused: it is edited instead.
  const add = page.getByTestId("user-add-form");
  await add.getByLabel("User id").fill(target.createdByUserId);
  await add.getByLabel("Name").fill("Someone Else");
  await add.getByRole("button", { name: "Add user" }).click();
  await expect(add.getByTestId("entry-form-message")).toContainText("is already in the directory");

  await openList(page, `?company_id=${companyId}`);
  expect(new Set((await readRows(page)).map((row) => row.companyLabel))).toEqual(new Set(["Renamed Company E2E"]));
});

test("the directory page adds a new user entry, and refuses a bad e-mail next to the field", async ({ page }) => {
  await page.goto("/directory");
  const add = page.getByTestId("user-add-form");
  await add.getByLabel("User id").fill("e2e-new-user-1");
  await add.getByLabel("Name").fill("New Person");
  await add.getByLabel("E-mail").fill("new.person@example");
  await add.getByRole("button", { name: "Add user" }).click();
  await expect(add.getByText("E-mail must be an e-mail address like ana@example.com")).toBeVisible();
  await add.getByLabel("E-mail").fill("new.person@example.com");
  await add.getByRole("button", { name: "Add user" }).click();
  await expect(add.getByTestId("entry-form-message")).toHaveText("Added New Person (e2e-new-user-1).");
  await expect(page.locator('[data-testid="directory-row"][data-id="e2e-new-user-1"]')).toContainText(
    "new.person@example.com",
  );
});

test("an id the directory does not know still shows, filters and is suggested as the id", async ({ page }) => {
  const target = (await namedRows(page.request)).find((row) => row.companyName !== null) as BffRow;
  const companyId = target.companyId as string;
  expect(directoryCli(E2E.dataDir, ["remove", "--companies", companyId])).toContain("1 removed");
  const after = await bffList(page.request, `company_id=${companyId}&page_size=10`);
  expect(new Set(after.data.map((row) => row.companyName))).toEqual(new Set([null]));

  await openList(page, `?company_id=${companyId}`);
  const shown = await readRows(page);
  expect(new Set(shown.map((row) => row.companyLabel))).toEqual(new Set([companyId]));
  await expect(page.getByTestId("company-filter-name")).toHaveCount(0);
  await page.getByRole("button", { name: "Clear company filter" }).click();
  const field = page.getByLabel("Company", { exact: true });
  await field.fill(companyId);
  await expect(page.getByRole("option").filter({ hasText: companyId })).toContainText(
    `${formatCount(after.total)} migration`,
  );
  await field.press("Enter");
  await expect(page).toHaveURL(new RegExp(`[?&]company_id=${companyId}(&|$)`));
});

test("signed out: the suggestions answer 401 and the directory page leads to sign-in; bad queries are 400s", async ({
  page,
  browser,
}) => {
  const anonymous = await browser.newContext({ baseURL: E2E.baseURL, storageState: { cookies: [], origins: [] } });
  try {
    const suggest = await anonymous.request.get("/api/directory/suggest?kind=company&q=a");
    expect(suggest.status()).toBe(401);
    expect(JSON.stringify(await suggest.json())).not.toContain('"data"');
    const directory = await anonymous.request.get("/directory", { maxRedirects: 0 });
    expect(directory.status()).toBe(307);
    expect(directory.headers().location).toContain("/signin?callbackUrl=");
  } finally {
    await anonymous.close();
  }
  for (const [query, param] of [
    ["kind=team&q=a", "kind"],
    ["kind=company", "q"],
  ]) {
    const response = await page.request.get(`/api/directory/suggest?${query}`);
    expect(response.status(), query).toBe(400);
    expect(((await response.json()) as { error: { param: string } }).error.param).toBe(param);
  }
  expect((await page.request.post("/api/directory/suggest?kind=company&q=a")).status()).toBe(405);
});
