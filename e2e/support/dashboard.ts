import { expect, type Locator, type Page } from "@playwright/test";

/** What the list shows of one row, read from the DOM. */
export interface RowView {
  id: string;
  status: string;
  /** The company cell's id (whatever name it shows); null for "no company". */
  company: string | null;
  /** The user cell's id (whatever name it shows). */
  user: string | null;
  /** The names the cells show: the directory's, or the id when it has none. */
  companyLabel: string | null;
  userLabel: string | null;
  /** The <time dateTime> value (ISO, UTC). */
  created: string;
}

export const COMPANY_BUTTON_TITLE = "Show only this company's migrations";
export const USER_BUTTON_TITLE = "Show only this user's migrations";

/** "2,481" → 2481 (en-US grouping, as the list prints totals and counts). */
export function toNumber(text: string): number {
  const digits = text.replace(/[,\s\u00a0\u202f]/g, "");
  if (!/^\d+$/.test(digits)) throw new Error(`not a count: ${JSON.stringify(text)}`);
  return Number(digits);
}

export const formatCount = (value: number) => value.toLocaleString("en-US");

export function table(page: Page): Locator {
  return page.getByTestId("migrations-table");
}

export function rows(page: Page): Locator {
  return page.getByTestId("migration-row");
}

/** The list is interactive: "synced N s ago" renders only once React has hydrated the page. */
export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.getByTestId("synced-ago")).toHaveText(/\S/);
}

/** Waits until the table shows settled data (not the previous rows of another view, dimmed). */
export async function waitForRows(page: Page): Promise<void> {
  // Below 640 px the list becomes cards once the page knows its width (the server's HTML has the
  // table): settled rows of either, whichever is there when it is checked.
  const cards = page.getByTestId("migration-cards");
  await expect(async () => {
    if (await cards.isVisible()) {
      await expect(cards).toHaveAttribute("aria-busy", "false", { timeout: 1_000 });
      await expect(page.getByTestId("migration-card").first()).toBeVisible({ timeout: 1_000 });
      return;
    }
    await expect(table(page)).toHaveAttribute("aria-busy", "false", { timeout: 1_000 });
    await expect(rows(page).first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
}

/** "Showing 26–50 of 2,481" → { first: 26, last: 50, total: 2481 }. */
export async function showing(page: Page): Promise<{ first: number; last: number; total: number }> {
  const text = (await page.getByTestId("showing").textContent()) ?? "";
  const match = /^Showing ([\d,]+)–([\d,]+) of ([\d,]+)$/.exec(text.trim());
  if (!match) throw new Error(`unexpected "showing" text: ${JSON.stringify(text)}`);
  return { first: toNumber(match[1] ?? ""), last: toNumber(match[2] ?? ""), total: toNumber(match[3] ?? "") };
}

export async function readRows(page: Page): Promise<RowView[]> {
  return rows(page).evaluateAll(
    (elements, titles) =>
      elements.map((row) => {
        const text = (selector: string) => row.querySelector(selector)?.textContent?.trim() ?? null;
        const attribute = (selector: string, name: string) => row.querySelector(selector)?.getAttribute(name) ?? null;
        return {
          id: row.getAttribute("data-id") ?? "",
          status: row.querySelector('[data-testid="status-badge"]')?.getAttribute("data-status") ?? "",
          company: attribute(`button[title^="${titles.company}"]`, "data-owner-id"),
          user: attribute(`button[title^="${titles.user}"]`, "data-owner-id"),
          companyLabel: text('[data-testid="company-cell"] a'),
          userLabel: text(`button[title^="${titles.user}"]`),
          created: row.querySelector('[data-testid="created-time"]')?.getAttribute("datetime") ?? "",
        };
      }),
    { company: COMPANY_BUTTON_TITLE, user: USER_BUTTON_TITLE },
  );
}

export async function rowIds(page: Page): Promise<string[]> {
  return (await readRows(page)).map((row) => row.id);
}

/** The summary chips' counts, by status. */
export async function chipCounts(page: Page): Promise<Record<string, number>> {
  const chips = page
    .getByTestId("status-summary")
    .locator('[data-testid^="summary-chip-"]:not([data-testid$="-count"])');
  const entries = await chips.evaluateAll((elements) =>
    elements.map((chip) => [
      chip.getAttribute("data-testid")?.replace(/^summary-chip-/, "") ?? "",
      chip.querySelector('[data-testid="summary-chip-count"]')?.textContent ?? "",
    ]),
  );
  return Object.fromEntries(entries.map(([status, count]) => [status, toNumber(count ?? "")]));
}

export const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

export async function openStatusPanel(page: Page): Promise<Locator> {
  const button = page.getByTestId("status-filter-button");
  if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
  const panel = page.getByTestId("status-filter-panel");
  await expect(panel).toBeVisible();
  return panel;
}

/** The URL's query as a plain object (for comparing views). */
export function queryOf(url: string): Record<string, string> {
  return Object.fromEntries(new URL(url).searchParams.entries());
}
