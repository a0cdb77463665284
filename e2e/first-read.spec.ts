import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import { signInAs } from "./support/auth";
import { rows, showing, waitForRows } from "./support/dashboard";
import { MANY } from "./support/fake-upstream";
import { ACCOUNTS, FAKE_UPSTREAM, PORTS } from "./support/servers";
import { type SpawnedApp, startApp } from "./support/spawned-app";

/**
 * A server's first full read of its upstream (the backfill), on servers these tests start with an
 * empty mirror: against the fake's 3,000 generated migrations at a request every 2 s (about a
 * minute of reading), and against an upstream with no migrations at all, with a good key and with a bad one.
 * Each test signs in on its own server.
 */
const test = base.extend<{ app: SpawnedApp; appOptions: Parameters<typeof startApp>[0] }>({
  appOptions: [{ name: "first-read", port: PORTS.spawnedApps[0], apiBase: MANY.apiBase }, { option: true }],
  app: async ({ appOptions }, use) => {
    const app = await startApp(appOptions);
    try {
      await use(app);
    } finally {
      await app.stop();
    }
  },
});

async function signIn(page: Page, app: SpawnedApp): Promise<void> {
  await page.goto(`${app.baseURL}/migrations`);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await signInAs(page, ACCOUNTS.upstreamOps);
  await expect(page).toHaveURL(`${app.baseURL}/migrations`);
}

const axeViolations = async (page: Page) =>
  (await new AxeBuilder({ page }).analyze()).violations.map((v) => ({
    rule: v.id,
    nodes: v.nodes.map((n) => n.target.join(" ")),
  }));

test.describe("a large upstream, read slowly", () => {
  test.use({
    appOptions: {
      name: "first-read",
      port: PORTS.spawnedApps[0],
      apiBase: MANY.apiBase,
      // 30 pages of 100 at a request every 2 s: about a minute of reading, long enough to look at it
      // on a busy machine; the newest page is looked at rarely, so the walk gets nearly all requests.
      env: { MIGRATIONS_API_MAX_RPS: "0.5", SYNC_HEAD_INTERVAL_MS: "30000", SYNC_RUNNING_INTERVAL_MS: "30000" },
    },
  });

  test("while it reads: a banner with counts and an estimate, partial marks; then the whole list", async ({
    page,
    app,
  }) => {
    test.setTimeout(240_000);
    await signIn(page, app);
    const banner = page.getByTestId("sync-backfill");
    const progress = page.getByTestId("sync-progress");
    // Once a page carrying the upstream's count is in, the total is known; reload until it is.
    await expect
      .poll(
        async () => {
          await page.reload();
          return (await progress.textContent()) ?? "";
        },
        { timeout: 30_000, intervals: [500] },
      )
      .toMatch(/^Reading migrations: [\d,]+ of ~3,000$/);
    await expect(banner).toBeVisible();
    await expect(banner).toHaveAttribute("role", "status");

    // The page's own refresh (every 10 s) moves the numbers on, without a reload.
    const readSoFar = async () =>
      Number(/: ([\d,]+) of/.exec((await progress.textContent({ timeout: 1_000 })) ?? "")?.[1]?.replace(/,/g, ""));
    const before = await readSoFar();
    await expect.poll(readSoFar, { timeout: 20_000 }).toBeGreaterThan(before);

    // An estimate once a rate is known, with the rate itself.
    await expect
      .poll(
        async () => {
          await page.reload();
          return (
            (await page
              .getByTestId("sync-eta")
              .textContent({ timeout: 1_000 })
              .catch(() => "")) ?? ""
          );
        },
        { timeout: 20_000, intervals: [1000] },
      )
      .toMatch(/^ \((about \d+ (s|min) left|a few seconds left), [\d,]+ per second\)$/);
    const bar = banner.getByRole("progressbar", { name: "Migrations read" });
    await expect(bar).toHaveAttribute("aria-valuenow", /^\d+$/);

    // The counts and the total cover what was read so far, and say so; the rows read so far are listed.
    await waitForRows(page);
    await expect(page.getByTestId("status-summary").getByTestId("partial-mark")).toHaveText(
      /^◔partial: still reading$/,
    );
    await expect(page.locator("nav[aria-label='Pages']").getByTestId("partial-mark")).toHaveText(
      /^◔partial: still reading$/,
    );
    const partialTotal = (await showing(page)).total;
    expect(partialTotal).toBeGreaterThan(0);
    expect(partialTotal).toBeLessThan(MANY.total);
    await expect(page.getByTestId("empty-no-migrations")).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath("first-read-banner.png"), fullPage: true });
    for (const theme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await expect(banner).toBeVisible();
      expect(await axeViolations(page), `axe violations with the first-read banner (${theme})`).toEqual([]);
    }
    await page.emulateMedia({ colorScheme: "light" });

    // Done: no banner, no marks, the upstream's full total.
    await expect(banner).toHaveCount(0, { timeout: 120_000 });
    await expect(page.getByTestId("partial-mark")).toHaveCount(0);
    await expect(page.getByTestId("showing")).toHaveText("Showing 1–25 of 3,000");
    await expect(rows(page)).toHaveCount(25);
    await expect(page.getByTestId("synced-ago")).toHaveText(/^synced \d+ s ago$/);
  });
});

test.describe("an upstream with no migrations", () => {
  test.use({
    appOptions: {
      name: "first-read-empty",
      port: PORTS.spawnedApps[1],
      apiBase: `${FAKE_UPSTREAM.origin}/none/api/v1`,
    },
  });

  test("once read: “No migrations yet”, no banner, no counts", async ({ page, app }) => {
    await signIn(page, app);
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByTestId("empty-no-migrations").isVisible();
        },
        { timeout: 20_000, intervals: [500] },
      )
      .toBe(true);
    await expect(page.getByTestId("empty-no-migrations").getByRole("heading")).toHaveText("No migrations yet");
    await expect(page.getByTestId("sync-backfill")).toHaveCount(0);
    await expect(page.getByTestId("partial-mark")).toHaveCount(0);
    await expect(page.locator('[data-testid^="summary-chip-"]')).toHaveCount(0);
    await expect(page.getByTestId("synced-ago")).toHaveText(/^synced \d+ s ago$/);
  });
});

test.describe("an upstream that refuses the key from the start", () => {
  test.use({
    appOptions: {
      name: "first-read-refused",
      port: PORTS.spawnedApps[1],
      apiBase: `${FAKE_UPSTREAM.origin}/none/api/v1`,
      env: { MIGRATIONS_API_KEY: "fake_NOTTHEKEYTHEFAKEUPSTREAMACCEPTS000" },
    },
  });

  test("nothing read yet is not “No migrations yet”: the failing notice and “could not be read yet”", async ({
    page,
    app,
  }) => {
    await signIn(page, app);
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByTestId("sync-failing").isVisible();
        },
        { timeout: 30_000, intervals: [500] },
      )
      .toBe(true);
    await expect(page.getByTestId("sync-failing")).toContainText("no migrations could be read yet");
    await expect(page.getByTestId("sync-last-error")).toContainText("rejected the API key (401)");
    await expect(page.getByTestId("empty-not-read-yet").getByRole("heading")).toHaveText(
      "No migrations could be read yet",
    );
    await expect(page.getByTestId("empty-no-migrations")).toHaveCount(0);
    await expect(page.getByTestId("synced-ago")).toHaveText("not synced yet");
  });
});
