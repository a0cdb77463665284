import { expect, type Page, type TestInfo } from "@playwright/test";
import { signedInTest as test } from "./support/auth";
import { rows, waitForRows } from "./support/dashboard";

/**
 * Screenshots of the list, the detail page, the insights and the company pages, the directory, and
 * the command palette, shortcut list and saved views menu, for people to look at (attached to the
 * report and kept in the test's output folder), light and dark, desktop and phone; on the phone, nothing may
 * overflow the page sideways and the table must stay usable.
 */

const VIEWPORTS = [
  { name: "1440x900", width: 1440, height: 900 },
  { name: "375x812", width: 375, height: 812 },
] as const;

async function shoot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: "image/png" });
}

async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

for (const viewport of VIEWPORTS) {
  for (const theme of ["light", "dark"] as const) {
    test(`screenshots: list and detail, ${theme}, ${viewport.name}`, async ({ page }, testInfo) => {
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await page.emulateMedia({ colorScheme: theme });

      await page.goto("/migrations");
      await waitForRows(page);
      await expect(page.getByTestId("synced-ago")).toHaveText(/^synced \d+ s ago$/);
      const html = page.locator("html");
      if (theme === "dark") await expect(html).toHaveClass(/(^|\s)dark(\s|$)/);
      else await expect(html).not.toHaveClass(/(^|\s)dark(\s|$)/);
      if (viewport.width <= 375) await expect(page.getByTestId("migration-card").first()).toBeVisible();
      await shoot(page, testInfo, `list-${theme}-${viewport.name}`);

      // Below 640 px the list is cards (table-shape.spec.ts checks them in detail).
      const first = viewport.width <= 375 ? page.getByTestId("migration-card").first() : rows(page).first();
      await expect(first).toBeInViewport();
      if (viewport.width <= 375) {
        // Soft: a failure here still lets the test take the detail page's screenshots.
        expect.soft(await pageWidth(page), "the list's page width at 375 px").toBeLessThanOrEqual(viewport.width);
        // Usable: the first card's status and its link to the detail page are on screen, not cut off.
        for (const part of [first.getByTestId("status-badge"), first.locator("[data-row-link]")]) {
          const box = await part.boundingBox();
          expect.soft(box).not.toBeNull();
          expect.soft((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= viewport.width).toBe(true);
        }
      }

      const id = (await first.getAttribute("data-id")) ?? "";
      await first.locator("[data-row-link]").click();
      await expect(page).toHaveURL(new RegExp(`/migrations/${id}$`));
      await expect(page.getByTestId("detail-id")).toHaveText(id);
      await expect(page.getByTestId("detail-created-local")).not.toContainText("UTC");
      await shoot(page, testInfo, `detail-${theme}-${viewport.name}`);
      if (viewport.width <= 375) {
        expect.soft(await pageWidth(page), "the detail page's width at 375 px").toBeLessThanOrEqual(viewport.width);
      }
    });
  }
}

for (const viewport of VIEWPORTS) {
  for (const theme of ["light", "dark"] as const) {
    test(`screenshots: insights, companies and a company, ${theme}, ${viewport.name}`, async ({ page }, testInfo) => {
      // Three pages of charts, full-page shots, on a busy machine.
      test.setTimeout(120_000);
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await page.emulateMedia({ colorScheme: theme });
      const narrow = viewport.width <= 375;

      await page.goto("/insights?range=30");
      await expect(page.getByTestId("chart-started").locator(".recharts-bar-rectangle").first()).toBeVisible({
        timeout: 30_000,
      });
      await shoot(page, testInfo, `insights-${theme}-${viewport.name}`);
      if (narrow)
        expect.soft(await pageWidth(page), "the insights page's width at 375 px").toBeLessThanOrEqual(viewport.width);

      await page.goto("/companies");
      const first = page.getByTestId("company-row").first();
      await expect(first).toBeVisible();
      await shoot(page, testInfo, `companies-${theme}-${viewport.name}`);
      if (narrow)
        expect.soft(await pageWidth(page), "the companies page's width at 375 px").toBeLessThanOrEqual(viewport.width);

      await page.goto(`/companies/${(await first.getAttribute("data-company-id")) ?? ""}`);
      await expect(page.getByTestId("chart-company-trend").locator(".recharts-bar-rectangle").first()).toBeVisible({
        timeout: 30_000,
      });
      await shoot(page, testInfo, `company-${theme}-${viewport.name}`);
      if (narrow)
        expect.soft(await pageWidth(page), "a company page's width at 375 px").toBeLessThanOrEqual(viewport.width);
    });
  }
}

for (const viewport of VIEWPORTS) {
  for (const theme of ["light", "dark"] as const) {
    test(`screenshots: directory, command palette, shortcut list and views menu, ${theme}, ${viewport.name}`, async ({
      page,
    }, testInfo) => {
      test.setTimeout(90_000);
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await page.emulateMedia({ colorScheme: theme });
      const narrow = viewport.width <= 375;

      await page.goto("/directory");
      await expect(page.getByTestId("directory-row").first()).toBeVisible();
      await shoot(page, testInfo, `directory-${theme}-${viewport.name}`);
      if (narrow)
        expect.soft(await pageWidth(page), "the directory page's width at 375 px").toBeLessThanOrEqual(viewport.width);

      await page.goto("/migrations");
      await waitForRows(page);
      await expect(page.getByTestId("open-palette")).toHaveAttribute("data-ready", "true");
      await page.getByTestId("views-menu").locator("summary").click();
      await shoot(page, testInfo, `views-menu-${theme}-${viewport.name}`);
      if (narrow)
        expect
          .soft(await pageWidth(page), "the list with the views menu open at 375 px")
          .toBeLessThanOrEqual(viewport.width);
      await page.getByTestId("views-menu").locator("summary").click();

      await page.getByTestId("open-palette").click();
      await page.getByTestId("command-palette").getByRole("combobox").fill("a");
      await expect(page.getByTestId("command-palette").getByRole("option").first()).toBeVisible();
      await shoot(page, testInfo, `palette-${theme}-${viewport.name}`);
      await page.keyboard.press("Escape");

      await page.keyboard.press("?");
      await expect(page.getByTestId("shortcut-help")).toBeVisible();
      await shoot(page, testInfo, `shortcuts-${theme}-${viewport.name}`);
      if (narrow)
        expect
          .soft(await pageWidth(page), "the shortcut list's page width at 375 px")
          .toBeLessThanOrEqual(viewport.width);
    });
  }
}
