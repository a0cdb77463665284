import { expect } from "@playwright/test";
import { signedInTestAt } from "./support/auth";
import { waitForRows } from "./support/dashboard";
import { ACCOUNTS, LIVE_APP } from "./support/servers";

/** The app server on 3110: embedded API with its simulator on, so statuses change while we watch. */
const test = signedInTestAt(LIVE_APP, ACCOUNTS.demo);

interface Seen {
  id: string;
  status: string;
  label: string;
  changed: boolean;
}

test("live: a row whose status changed at a refresh is marked, with its new status in the badge", async ({ page }) => {
  test.setTimeout(75_000);
  await page.goto("/migrations");
  await waitForRows(page);
  await expect(page.getByTestId("live-toggle")).toHaveAttribute("aria-pressed", "true");

  // The status and badge text of every row, polled faster than the 10 s refresh: the last reading
  // before the marker appears holds the row's status before that refresh.
  const before = new Map<string, Seen>();
  let found: { was: Seen; now: Seen } | undefined;
  const deadline = Date.now() + 45_000;
  while (!found && Date.now() < deadline) {
    const seen: Seen[] = await page.getByTestId("migration-row").evaluateAll((elements) =>
      elements.map((row) => {
        const badge = row.querySelector('[data-testid="status-badge"]');
        return {
          id: row.getAttribute("data-id") ?? "",
          status: badge?.getAttribute("data-status") ?? "",
          label: badge?.textContent?.trim() ?? "",
          changed: row.querySelector('[data-testid="status-changed"]') !== null,
        };
      }),
    );
    for (const row of seen) {
      const was = before.get(row.id);
      if (row.changed && was && !was.changed) {
        found = { was, now: row };
        break;
      }
      before.set(row.id, row);
    }
    if (!found) await page.waitForTimeout(300);
  }

  expect(found, "within 45 s, some row got the status-changed marker").toBeDefined();
  const { was, now } = found as { was: Seen; now: Seen };
  expect(now.status).not.toBe(was.status);
  expect(now.label).not.toBe(was.label);
  const row = page.locator(`[data-testid="migration-row"][data-id="${now.id}"]`);
  await expect(row.getByTestId("status-changed")).toHaveText("changed");
});

test("live: “updated N s ago” counts up between refreshes", async ({ page }) => {
  await page.goto("/migrations");
  await waitForRows(page);
  const ago = page.getByTestId("updated-ago");
  const seconds = async () => {
    const match = /^updated (\d+) s ago$/.exec(((await ago.textContent()) ?? "").trim());
    return match ? Number(match[1]) : undefined;
  };
  await expect(ago).toHaveText(/^updated \d+ s ago$/);
  // Right after a refresh, then a few seconds later: the same refresh, older.
  let first = -1;
  await expect
    .poll(async () => {
      first = (await seconds()) ?? -1;
      return first >= 0 && first <= 5;
    })
    .toBe(true);
  await expect.poll(async () => ((await seconds()) ?? -1) - first, { timeout: 8_000 }).toBeGreaterThanOrEqual(3);
});
