import { expect, type Page } from "@playwright/test";
import { signedInTestAt, signInAsDemo } from "./support/auth";
import { rows, waitForRows } from "./support/dashboard";
import { ACCOUNTS, E2E } from "./support/servers";

/**
 * The keyboard layer (shortcuts, command palette, shortcut list) and saved views, on the main app
 * server, as the ops account: its saved views never show in the demo account's header, which the
 * other spec files look at.
 */
const test = signedInTestAt({ baseURL: E2E.baseURL, dataDir: E2E.dataDir }, ACCOUNTS.ops);

/** The shortcuts listen once the page has hydrated (any dashboard page, not only the list). */
async function keyboardReady(page: Page): Promise<void> {
  await expect(page.getByTestId("open-palette")).toHaveAttribute("data-ready", "true");
}

async function openList(page: Page, query = ""): Promise<void> {
  await page.goto(`/migrations${query}`);
  await waitForRows(page);
  await keyboardReady(page);
}

/** For answers of a server action or a navigation, slow while the machine is busy. */
const slowExpect = expect.configure({ timeout: 15_000 });

// Each test walks several pages (and one signs in a second user): more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 60_000 });

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const rowLink = (page: Page, index: number) => rows(page).nth(index).locator("[data-row-link]");

test("/ focuses the filter, j/k move through the rows, Enter opens one, Esc comes back", async ({ page }) => {
  await openList(page);
  await page.keyboard.press("/");
  await expect(page.locator('input[name="company_id"]')).toBeFocused();
  // Letters typed in a field are text, not shortcuts.
  await page.keyboard.type("jk");
  await expect(page.locator('input[name="company_id"]')).toHaveValue("jk");
  await page.keyboard.press("Escape");
  await expect(page.locator('input[name="company_id"]')).not.toBeFocused();
  // Leaving the field applied "jk" as a filter: start again from the whole list.
  await openList(page);

  await page.keyboard.press("j");
  await expect(rowLink(page, 0)).toBeFocused();
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await expect(rowLink(page, 2)).toBeFocused();
  await page.keyboard.press("k");
  await expect(rowLink(page, 1)).toBeFocused();
  const id = (await rows(page).nth(1).getAttribute("data-id")) as string;

  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`${E2E.baseURL}/migrations/${id}`);
  await expect(page.getByTestId("detail-id")).toHaveText(id);
  await keyboardReady(page);
  await page.keyboard.press("Escape");
  await expect(page).toHaveURL(`${E2E.baseURL}/migrations`);
  await waitForRows(page);
});

test("Esc on a page opened directly goes up to its list (not out of the app)", async ({ page }) => {
  await openList(page);
  const id = (await rows(page).first().getAttribute("data-id")) as string;
  const direct = await page.context().newPage();
  await direct.goto(`/migrations/${id}`);
  await expect(direct.getByTestId("detail-id")).toHaveText(id);
  await keyboardReady(direct);
  await direct.keyboard.press("Escape");
  await expect(direct).toHaveURL(`${E2E.baseURL}/migrations`);
  await direct.close();
});

test("g then a letter goes to a page; ? lists every shortcut", async ({ page }) => {
  await openList(page);
  await page.keyboard.press("g");
  await page.keyboard.press("a");
  await expect(page).toHaveURL(`${E2E.baseURL}/alerts`);
  await keyboardReady(page);
  for (const [key, path] of [
    ["c", "/companies"],
    ["i", "/insights"],
    ["m", "/migrations"],
  ] as const) {
    await page.keyboard.press("g");
    await page.keyboard.press(key);
    await slowExpect(page).toHaveURL(`${E2E.baseURL}${path}`);
    await keyboardReady(page);
  }
  await waitForRows(page);

  await page.keyboard.press("?");
  const help = page.getByTestId("shortcut-help");
  await expect(help).toBeVisible();
  await expect(help.getByRole("heading", { name: "Keyboard shortcuts" })).toBeVisible();
  const listed = await help.locator("tbody tr td:first-child").allInnerTexts();
  for (const keys of ["/", "j", "k", "Enter", "Esc", "g m", "g c", "g i", "?"]) {
    expect(
      listed.some((text) => text.split(" or ").includes(keys)),
      `"${keys}" is listed`,
    ).toBe(true);
  }
  // While the list is open, keys are not shortcuts; Esc closes it.
  await page.keyboard.press("g");
  await page.keyboard.press("a");
  await expect(page).toHaveURL(`${E2E.baseURL}/migrations`);
  await page.keyboard.press("Escape");
  await expect(help).toBeHidden();
});

test("the palette (Ctrl K, or the header's button) opens a migration by its id and goes to a page", async ({
  page,
}) => {
  await openList(page);
  const id = (await rows(page).nth(3).getAttribute("data-id")) as string;

  await page.keyboard.press("Control+k");
  const palette = page.getByTestId("command-palette");
  await expect(palette).toBeVisible();
  const input = palette.getByRole("combobox");
  await expect(input).toBeFocused();
  await input.fill(`  ${id.toUpperCase()} `);
  await expect(palette.getByRole("option", { name: `Open migration ${id}` })).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`${E2E.baseURL}/migrations/${id}`);
  await expect(palette).toBeHidden();

  await page.getByTestId("open-palette").click();
  await expect(palette).toBeVisible();
  await palette.getByRole("combobox").fill("alert");
  await expect(palette.getByRole("option")).toHaveText([/^Alerts/]);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(`${E2E.baseURL}/alerts`);

  // Nothing matching: said so, and Esc closes it where it was.
  await page.keyboard.press("Control+k");
  await palette.getByRole("combobox").fill("no such thing at all");
  await expect(palette.getByText("Nothing matches.")).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(palette).toBeHidden();
  await expect(page).toHaveURL(`${E2E.baseURL}/alerts`);
});

test("the palette finds a company and a user by name: to the company's page, and to the user's migrations", async ({
  page,
}) => {
  const suggest = async (kind: string) =>
    (
      (await (await page.request.get(`/api/directory/suggest?kind=${kind}&q=a`)).json()) as {
        data: Array<{ id: string; name: string | null; count: number }>;
      }
    ).data.find((entry) => entry.name !== null && entry.count > 0);
  const company = await suggest("company");
  const user = await suggest("user");
  if (!company?.name || !user?.name) throw new Error("the demo directory should name companies and users");

  await openList(page);
  await page.keyboard.press("Control+k");
  const palette = page.getByTestId("command-palette");
  await palette.getByRole("combobox").fill(company.name);
  const companyOption = palette.getByRole("option", { name: new RegExp(`^${escapeRegExp(company.name)}`) }).first();
  await expect(companyOption).toContainText(company.id);
  await companyOption.hover();
  await page.keyboard.press("Enter");
  await slowExpect(page).toHaveURL(`${E2E.baseURL}/companies/${company.id}`);

  await keyboardReady(page);
  await page.keyboard.press("Control+k");
  await palette.getByRole("combobox").fill(user.name);
  const userOption = palette
    .getByRole("group", { name: "Users" })
    .getByRole("option", { name: new RegExp(`^${escapeRegExp(user.name)}`) })
    .first();
  await expect(userOption).toContainText(user.id);
  await userOption.hover();
  await page.keyboard.press("Enter");
  await slowExpect(page).toHaveURL(`${E2E.baseURL}/migrations?created_by_user_id=${user.id}`);
  await waitForRows(page);
});

test("a saved view keeps the filters (not the page), is pinned to the navigation and the palette, per user", async ({
  page,
  browser,
}) => {
  const name = `Failed, 50 a page ${Date.now()}`;
  await openList(page, "?status=FAILED&page_size=50&page=2");

  await page.getByTestId("save-view").click();
  // A name of spaces only is refused by the server, with a reason, and nothing is saved.
  await page.getByLabel("View name").fill("   ");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await slowExpect(page.getByTestId("save-view-error")).toHaveText("Give the view a name.");
  await page.getByLabel("View name").fill(name);
  await page.keyboard.press("Enter");
  await slowExpect(page.getByTestId("save-view-saved")).toHaveText(`Saved “${name}” in Views.`);

  const menu = page.getByTestId("views-menu");
  await menu.locator("summary").click();
  const link = menu.getByRole("link", { name });
  await expect(link).toHaveAttribute("href", "/migrations?page_size=50&status=FAILED");
  await page.goto("/migrations");
  await waitForRows(page);
  await menu.locator("summary").click();
  await menu.getByRole("link", { name }).click();
  await slowExpect(page).toHaveURL(`${E2E.baseURL}/migrations?page_size=50&status=FAILED`);
  await waitForRows(page);
  const statuses = await rows(page)
    .getByTestId("status-badge")
    .evaluateAll((badges) => badges.map((badge) => badge.getAttribute("data-status")));
  expect(statuses.length).toBeGreaterThan(0);
  expect(new Set(statuses)).toEqual(new Set(["FAILED"]));

  // In the palette too.
  await page.goto("/alerts");
  await keyboardReady(page);
  await page.keyboard.press("Control+k");
  await page.getByTestId("command-palette").getByRole("combobox").fill(name.slice(0, 12));
  await expect(page.getByTestId("command-palette").getByRole("option", { name })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await page.keyboard.press("Enter");
  await slowExpect(page).toHaveURL(`${E2E.baseURL}/migrations?page_size=50&status=FAILED`);

  // Another user does not see it.
  const other = await browser.newContext({ baseURL: E2E.baseURL, storageState: { cookies: [], origins: [] } });
  const otherPage = await other.newPage();
  await otherPage.goto("/signin");
  await signInAsDemo(otherPage);
  await otherPage.getByTestId("views-menu").locator("summary").click();
  await expect(otherPage.getByTestId("views-menu").getByRole("link", { name })).toHaveCount(0);
  await other.close();

  // Deleted, it is gone from the menu (and stays gone after a reload).
  await keyboardReady(page);
  await menu.locator("summary").click();
  await menu.getByRole("button", { name: `Delete view “${name}”` }).click();
  await slowExpect(menu.getByRole("link", { name })).toHaveCount(0);
  await page.reload();
  await menu.locator("summary").click();
  await slowExpect(menu.getByRole("link", { name })).toHaveCount(0);
});
