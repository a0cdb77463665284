import AxeBuilder from "@axe-core/playwright";
import { expect, type Page, test } from "@playwright/test";
import { signedInTest } from "./support/auth";
import { openStatusPanel, rowIds, waitForRows } from "./support/dashboard";

/**
 * axe-core (all its WCAG 2.x A/AA rules and best practices, none disabled) on the sign-in page,
 * the list with the status filter panel open and with the company filter's suggestions open, the
 * directory page with an entry being edited, the detail page, the insights, companies and company
 * pages (charts' tables open), and the alerts page (unconfigured here;
 * its table of deliveries is checked in alerts.spec.ts), in the light and the dark theme.
 * A failure lists every violation with the elements and what axe says is wrong.
 */

// A full axe run over a page of 25 rows takes many seconds when the machine is busy.
test.describe.configure({ timeout: 60_000 });

type Theme = "light" | "dark";

async function expectNoViolations(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const report = results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => ({
      target: node.target.join(" "),
      html: node.html.slice(0, 200),
      why: node.failureSummary,
    })),
  }));
  expect(report, `axe violations on ${what}`).toEqual([]);
}

/** The system setting (the theme toggle's default, "system") decides the theme. */
async function useSystemTheme(page: Page, theme: Theme): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
}

async function expectTheme(page: Page, theme: Theme): Promise<void> {
  const html = page.locator("html");
  if (theme === "dark") await expect(html).toHaveClass(/(^|\s)dark(\s|$)/);
  else await expect(html).not.toHaveClass(/(^|\s)dark(\s|$)/);
}

for (const theme of ["light", "dark"] as const) {
  test(`sign-in page, ${theme} theme: no axe violations`, async ({ page }) => {
    await useSystemTheme(page, theme);
    await page.goto("/signin");
    await expectTheme(page, theme);
    await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
    await expectNoViolations(page, `the sign-in page (${theme})`);
  });

  signedInTest(`list with the status filter open, ${theme} theme: no axe violations`, async ({ page }) => {
    await useSystemTheme(page, theme);
    await page.goto("/migrations");
    await waitForRows(page);
    await expectTheme(page, theme);
    await openStatusPanel(page);
    await expectNoViolations(page, `the list with the status filter panel open (${theme})`);
  });

  signedInTest(`list with the columns menu open, ${theme} theme: no axe violations`, async ({ page }) => {
    await useSystemTheme(page, theme);
    await page.goto("/migrations");
    await waitForRows(page);
    await expectTheme(page, theme);
    await page.getByTestId("column-settings-toggle").click();
    await expect(page.getByTestId("column-settings")).toBeVisible();
    await expectNoViolations(page, `the list with the columns menu open (${theme})`);
  });

  signedInTest(`list and detail on a 375 px phone, ${theme} theme: no axe violations`, async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 812 });
    await useSystemTheme(page, theme);
    await page.goto("/migrations");
    const card = page.getByTestId("migration-card").first();
    await expect(card).toBeVisible();
    await expectTheme(page, theme);
    await expectNoViolations(page, `the list's cards on a phone (${theme})`);
    const id = (await card.getAttribute("data-id")) ?? "";
    await page.goto(`/migrations/${id}`);
    await expect(page.getByTestId("detail-id")).toHaveText(id);
    await expectNoViolations(page, `the detail page on a phone (${theme})`);
  });

  signedInTest(`alerts page (not configured), ${theme} theme: no axe violations`, async ({ page }) => {
    await useSystemTheme(page, theme);
    await page.goto("/alerts");
    await expect(page.getByTestId("alerts-not-configured")).toBeVisible();
    await expectTheme(page, theme);
    await expectNoViolations(page, `the alerts page (${theme})`);
  });

  signedInTest(`directory page with a company being edited, ${theme} theme: no axe violations`, async ({ page }) => {
    await useSystemTheme(page, theme);
    // Narrowed to one company's entries by a search: a full axe run over hundreds of rows takes minutes on a busy machine.
    const response = await page.request.get("/api/migrations?page_size=100");
    const named = (
      (await response.json()) as { data: Array<{ companyId: string | null; companyName: string | null }> }
    ).data.find((row) => row.companyName !== null);
    await page.goto(`/directory?q=${encodeURIComponent(named?.companyId ?? "")}`);
    await expectTheme(page, theme);
    const firstRow = page.getByTestId("directory-row").first();
    await expect(firstRow).toBeVisible();
    await firstRow.getByRole("button", { name: /^Edit / }).click();
    await expect(page.getByTestId("company-edit-form")).toBeVisible();
    await expectNoViolations(page, `the directory page (${theme})`);
  });

  signedInTest(`list with company suggestions open, ${theme} theme: no axe violations`, async ({ page }) => {
    await useSystemTheme(page, theme);
    await page.goto("/migrations");
    await waitForRows(page);
    await expect(page.getByTestId("synced-ago")).toHaveText(/\S/);
    await expectTheme(page, theme);
    await page.getByLabel("Company", { exact: true }).fill("a");
    await expect(page.getByRole("option").first()).toBeVisible();
    await expectNoViolations(page, `the list with company suggestions open (${theme})`);
  });

  signedInTest(`insights, companies and a company page, ${theme} theme: no axe violations`, async ({ page }) => {
    // Three pages in one test, on a busy machine; 7 days keeps the open tables (and axe's work) small.
    signedInTest.setTimeout(180_000);
    await useSystemTheme(page, theme);
    await page.goto("/insights?range=7");
    await expect(page.getByTestId("chart-started")).toBeVisible();
    await expectTheme(page, theme);
    // With every table alternative open: they are part of the page too.
    for (const summary of await page.locator('[data-testid="chart-table"] summary').all()) await summary.click();
    await expectNoViolations(page, `the insights page (${theme})`);

    await page.goto("/companies");
    const first = page.getByTestId("company-row").first();
    await expect(first).toBeVisible();
    await expectNoViolations(page, `the companies page (${theme})`);

    await page.goto(`/companies/${(await first.getAttribute("data-company-id")) ?? ""}`);
    await expect(page.getByTestId("company-heading")).toBeVisible();
    await expectNoViolations(page, `a company page (${theme})`);
  });

  signedInTest(`command palette, shortcut list and views menu, ${theme} theme: no axe violations`, async ({ page }) => {
    await useSystemTheme(page, theme);
    await page.goto("/migrations");
    await waitForRows(page);
    await expect(page.getByTestId("open-palette")).toHaveAttribute("data-ready", "true");
    await expectTheme(page, theme);
    await page.getByTestId("views-menu").locator("summary").click();
    await expectNoViolations(page, `the list with the views menu open (${theme})`);
    await page.getByTestId("views-menu").locator("summary").click();

    await page.keyboard.press("Control+k");
    await page.getByTestId("command-palette").getByRole("combobox").fill("a");
    await expect(page.getByTestId("command-palette").getByRole("option").first()).toBeVisible();
    await expectNoViolations(page, `the command palette (${theme})`);
    await page.keyboard.press("Escape");

    await page.keyboard.press("?");
    await expect(page.getByTestId("shortcut-help")).toBeVisible();
    await expectNoViolations(page, `the shortcut list (${theme})`);
  });

  signedInTest(`detail page, ${theme} theme: no axe violations`, async ({ page }) => {
    await useSystemTheme(page, theme);
    await page.goto("/migrations");
    await waitForRows(page);
    const id = (await rowIds(page))[0] ?? "";
    await page.goto(`/migrations/${id}`);
    await expect(page.getByTestId("detail-id")).toHaveText(id);
    await expectTheme(page, theme);
    await expectNoViolations(page, `the detail page (${theme})`);
  });
}

signedInTest(
  "the theme toggle cycles system → light → dark → system, and the choice survives a reload",
  async ({ page }) => {
    await useSystemTheme(page, "dark");
    await page.goto("/migrations");
    await waitForRows(page);
    const toggle = page.getByTestId("theme-toggle");
    await expect(toggle).toHaveAttribute("data-theme-choice", "system");
    await expectTheme(page, "dark");

    await toggle.click();
    await expect(toggle).toHaveAttribute("data-theme-choice", "light");
    await expectTheme(page, "light");
    await page.reload();
    await expect(page.getByTestId("theme-toggle")).toHaveAttribute("data-theme-choice", "light");
    await expectTheme(page, "light");

    await page.getByTestId("theme-toggle").click();
    await expect(page.getByTestId("theme-toggle")).toHaveAttribute("data-theme-choice", "dark");
    await expectTheme(page, "dark");
    // The dark choice holds even when the system turns light.
    await useSystemTheme(page, "light");
    await expectTheme(page, "dark");

    await page.getByTestId("theme-toggle").click();
    await expect(page.getByTestId("theme-toggle")).toHaveAttribute("data-theme-choice", "system");
    await expectTheme(page, "light");
  },
);
