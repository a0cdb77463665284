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

  // The sync saw the change: the migration's timeline leaves the old status and reaches the new one
  // (in one step, or more when the simulator moved it twice between two refreshes of the list).
  await page.goto(`/migrations/${now.id}`);
  const entries = page.getByTestId("status-timeline").getByTestId("timeline-entry");
  await expect(entries.and(page.locator(`[data-from="${was.status}"]`)).first()).toBeVisible();
  const reached = entries.and(page.locator(`[data-to="${now.status}"]`)).last();
  await expect(reached).toBeVisible();
  await expect(reached.getByTestId("timeline-source")).toHaveText("seen by the sync");
  await expect(reached.getByTestId("timeline-time")).toHaveAttribute("title", /UTC$/);
});

test("live: “synced N s ago” counts up between refreshes and starts again near 0 after one", async ({ page }) => {
  test.setTimeout(60_000);
  // Polling only: this server's simulator changes statuses all the time, and every pushed change
  // refetches the list, so there would be no 3 s without a refresh to watch the age tick in.
  await page.route("**/api/events", (route) => route.abort());
  await page.goto("/migrations");
  await waitForRows(page);
  const ago = page.getByTestId("synced-ago");
  const seconds = async () => {
    const match = /^synced (\d+) s ago$/.exec(((await ago.textContent()) ?? "").trim());
    return match ? Number(match[1]) : undefined;
  };
  await expect(ago).toHaveText(/^synced \d+ s ago$/);
  let refreshes = 0;
  page.on("response", (response) => {
    if (new URL(response.url()).pathname === "/api/migrations") refreshes++;
  });
  // Between two refreshes (every 10 s) the shown age ticks up with the clock; a window with a
  // refresh in it proves nothing, so look again until one without.
  let ticked = false;
  for (let attempt = 0; attempt < 6 && !ticked; attempt++) {
    const seen = refreshes;
    const first = await seconds();
    await page.waitForTimeout(3_000);
    const second = await seconds();
    if (refreshes === seen && first !== undefined && second !== undefined) {
      expect(second - first).toBeGreaterThanOrEqual(2);
      ticked = true;
    }
  }
  expect(ticked, "a 3 s window without a refresh, in which the age ticked").toBe(true);
  // The server syncs every half second here: right after a refresh the mirror is at most a few seconds old.
  const seen = refreshes;
  await expect.poll(() => refreshes, { timeout: 12_000 }).toBeGreaterThan(seen);
  await expect.poll(async () => (await seconds()) ?? 99, { timeout: 2_000 }).toBeLessThanOrEqual(4);
});
