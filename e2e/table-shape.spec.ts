import { expect, type Page } from "@playwright/test";
import { signedInTest as test } from "./support/auth";
import { COMPANY_BUTTON_TITLE, showing, USER_BUTTON_TITLE, waitForHydration, waitForRows } from "./support/dashboard";

/**
 * The table as people shape it (columns shown, their order, density) survives a reload, from this
 * browser's storage; a bad stored value gives the defaults. Below 640 px the list is cards, with
 * every action reachable and no sideways scroll on the list or a migration's page.
 */

// Several reloads and full renders each, on a machine shared with other test runs.
test.describe.configure({ timeout: 90_000 });

const headerIds = (page: Page) =>
  page
    .getByTestId("migrations-table")
    .locator("thead th")
    .evaluateAll((cells) =>
      cells.filter((cell) => getComputedStyle(cell).display !== "none").map((cell) => cell.getAttribute("data-column")),
    );

async function openList(page: Page, query = ""): Promise<void> {
  await page.goto(`/migrations${query}`);
  await waitForRows(page);
  await waitForHydration(page);
}

test.describe("column settings", () => {
  test("visibility, order and density survive a reload, set from the keyboard", async ({ page }) => {
    await openList(page);
    expect(await headerIds(page)).toEqual(["status", "id", "created", "companyId", "createdByUserId", "age"]);

    const toggle = page.getByTestId("column-settings-toggle");
    await toggle.focus();
    await page.keyboard.press("Enter");
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    const panel = page.getByTestId("column-settings");
    await expect(panel).toBeVisible();

    // Hide "Age" with the keyboard: focus its checkbox, Space.
    await panel.getByLabel("Show the Age column").focus();
    await page.keyboard.press("Space");
    await expect(panel.getByLabel("Show the Age column")).not.toBeChecked();
    // Move "Created" up twice; focus stays on the button pressed.
    const up = panel.getByRole("button", { name: "Move Created up" });
    await up.focus();
    await page.keyboard.press("Enter");
    await expect(up).toBeFocused();
    await page.keyboard.press("Enter");
    await panel.getByLabel("Compact").check();
    // The id column cannot be hidden: it is the row's link to its page.
    await expect(panel.getByLabel(/^Show the ID column/)).toBeDisabled();

    await page.keyboard.press("Escape");
    await expect(panel).toBeHidden();
    await expect(toggle).toBeFocused();

    const shaped = ["created", "status", "id", "companyId", "createdByUserId"];
    expect(await headerIds(page)).toEqual(shaped);
    const rowHeight = async () =>
      page
        .getByTestId("migration-row")
        .first()
        .evaluate((row) => row.getBoundingClientRect().height);
    const compactHeight = await rowHeight();

    await page.reload();
    await waitForRows(page);
    // Before and after hydration alike: the pre-paint script and then the table's own state.
    await expect(page.locator("html")).toHaveAttribute("data-density", "compact");
    await waitForHydration(page);
    expect(await headerIds(page)).toEqual(shaped);
    expect(await page.getByTestId("migration-row").first().locator("td").count()).toBe(5);
    expect(await rowHeight()).toBeCloseTo(compactHeight, 0);

    await toggle.click();
    await expect(page.getByTestId("column-settings").getByLabel("Show the Age column")).not.toBeChecked();
    await page.getByRole("button", { name: "Reset to defaults" }).click();
    expect(await headerIds(page)).toEqual(["status", "id", "created", "companyId", "createdByUserId", "age"]);
    await expect(page.locator("html")).not.toHaveAttribute("data-density", /./);
    expect(await rowHeight()).toBeGreaterThan(compactHeight);
  });

  test("a hidden column is hidden in the server's HTML before hydration (no flash)", async ({ page }) => {
    await openList(page);
    await page.evaluate(() =>
      localStorage.setItem(
        "migrations-table-preferences",
        JSON.stringify({ version: 1, columnOrder: [], columnVisibility: { companyId: false }, density: "compact" }),
      ),
    );
    // No JavaScript after the inline scripts: block the app's bundles, so React never hydrates.
    await page.route(/\/_next\/static\/.*\.js$/, (route) => route.abort());
    await page.reload();
    await expect(page.getByTestId("migration-row").first()).toBeVisible();
    await expect(page.locator('td[data-column="companyId"]').first()).toBeHidden();
    await expect(page.locator('td[data-column="createdByUserId"]').first()).toBeVisible();
  });

  test("a bad stored value gives the default table", async ({ page }) => {
    await openList(page);
    for (const bad of ["{not json", JSON.stringify({ version: 1, columnOrder: "age", density: "compact" })]) {
      await page.evaluate((value) => localStorage.setItem("migrations-table-preferences", value), bad);
      await page.reload();
      await waitForRows(page);
      await waitForHydration(page);
      expect(await headerIds(page)).toEqual(["status", "id", "created", "companyId", "createdByUserId", "age"]);
      await expect(page.locator("html")).not.toHaveAttribute("data-density", /./);
    }
  });
});

test.describe("phone layout, 375 px", () => {
  test.use({ viewport: { width: 375, height: 812 }, hasTouch: true });

  const noSidewaysScroll = (page: Page) =>
    page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));

  test("cards instead of the table, every action reachable, no sideways scroll on list and detail", async ({
    page,
  }) => {
    await page.goto("/migrations");
    const cards = page.getByTestId("migration-card");
    await expect(cards.first()).toBeVisible();
    await waitForHydration(page);
    // Once the width is known, the table is not rendered at all (nothing renders every row twice).
    await expect(page.getByTestId("migrations-table")).toHaveCount(0);
    const { first, last } = await showing(page);
    await expect(cards).toHaveCount(last - first + 1);
    const size = await noSidewaysScroll(page);
    expect(size.scrollWidth, "no horizontal scroll on the list").toBeLessThanOrEqual(size.clientWidth);

    // Filters, export and pagination are on screen.
    for (const label of ["Company", "Created by user", "Failure reason contains"]) {
      await expect(page.getByLabel(label, { exact: true })).toBeVisible();
    }
    await expect(page.getByTestId("export-csv")).toBeVisible();
    await expect(page.getByTestId("export-json")).toBeVisible();
    await expect(page.getByRole("button", { name: "Next page" })).toBeVisible();

    // Each card: status, the short id (link and copy), company, user and age.
    const card = cards.first();
    const id = (await card.getAttribute("data-id")) ?? "";
    await expect(card.getByTestId("status-badge")).toBeVisible();
    await expect(card.getByRole("button", { name: `Copy id ${id}` })).toBeVisible();
    await expect(card.getByText("Age")).toBeVisible();

    // Filter by a card's company, then by a card's user.
    const withCompany = cards.filter({ has: page.getByTitle(COMPANY_BUTTON_TITLE) }).first();
    const companyButton = withCompany.getByTitle(COMPANY_BUTTON_TITLE);
    const company = (await companyButton.getAttribute("data-owner-id")) ?? "";
    expect(company).not.toBe("");
    await companyButton.click();
    await expect(page).toHaveURL(new RegExp(`[?&]company_id=${company}(&|$)`));
    await expect(cards.first()).toBeVisible();
    const userButton = cards.first().getByTitle(USER_BUTTON_TITLE);
    const user = (await userButton.getAttribute("data-owner-id")) ?? "";
    expect(user).not.toBe("");
    await userButton.click();
    await expect(page).toHaveURL(new RegExp(`[?&]created_by_user_id=${user}(&|$)`));

    // Pagination on the unfiltered list, then the detail page from a card.
    await page.goto("/migrations");
    await waitForHydration(page);
    await page.getByRole("button", { name: "Next page" }).click();
    await expect(page).toHaveURL(/[?&]page=2(&|$)/);
    const target = page.getByTestId("migration-card").first();
    const targetId = (await target.getAttribute("data-id")) ?? "";
    await target.getByRole("link", { name: `Migration ${targetId}` }).click();
    await expect(page.getByTestId("detail-id")).toHaveText(targetId);
    const detail = await noSidewaysScroll(page);
    expect(detail.scrollWidth, "no horizontal scroll on the detail page").toBeLessThanOrEqual(detail.clientWidth);
  });
});
