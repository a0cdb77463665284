import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { signedInTestAt } from "./support/auth";
import { openStatusPanel, readRows, rowIds, rows, showing, waitForRows } from "./support/dashboard";
import {
  FAKE,
  FAKE_MIGRATIONS,
  type FakeUpstreamMode,
  resetUpstream,
  setUpstreamMode,
  waitForSyncedList,
} from "./support/fake-upstream";
import { ACCOUNTS, UPSTREAM_APP } from "./support/servers";

/**
 * The app server on the fake upstream (documented contract only, a `{"results","count"}` envelope,
 * failure modes on demand), which it syncs into its own mirror every half second. The list never
 * asks the upstream: upstream trouble shows as a failing sync over the last good rows. The mode is
 * global to the fake, so these tests run one after another in one worker, each from "ok".
 */
const test = signedInTestAt(UPSTREAM_APP, ACCOUNTS.upstreamOps);

test.beforeEach(async ({ page }) => {
  await resetUpstream();
  await waitForSyncedList(page.request, FAKE_MIGRATIONS.length);
});

test.afterAll(async () => {
  await resetUpstream();
});

interface FailureMode {
  mode: FakeUpstreamMode;
  retryAfterSeconds?: number;
  /** What the failing notice's last error must say: the problem, by name. */
  notice: RegExp;
  /** The error page of a detail read-through (an id the mirror has never seen) in this mode. */
  detail: { code: string; title: string };
}

const FAILURES: FailureMode[] = [
  {
    mode: "key_rejected",
    notice: /rejected the API key \(401\)/,
    detail: { code: "key_rejected", title: "The Migrations API rejected the configured key" },
  },
  {
    mode: "rate_limited",
    // Shorter than the client's 1.5 s budget per call (a long one: see the test further down).
    retryAfterSeconds: 1,
    notice: /limiting requests \(429\)/,
    detail: { code: "rate_limited", title: "The Migrations API is rate limiting the dashboard" },
  },
  {
    mode: "server_error",
    notice: /answered 500/,
    detail: { code: "upstream_unavailable", title: "The Migrations API is unavailable" },
  },
  {
    mode: "unavailable",
    notice: /answered 503/,
    detail: { code: "upstream_unavailable", title: "The Migrations API is unavailable" },
  },
  {
    mode: "timeout",
    notice: /did not answer within 1500 ms/,
    detail: { code: "timed_out", title: "The Migrations API did not answer in time" },
  },
  {
    mode: "garbage",
    notice: /body that is not JSON/,
    detail: { code: "bad_upstream_response", title: "The Migrations API sent data the dashboard does not understand" },
  },
  {
    mode: "malformed",
    notice: /does not match the contract: no list of migrations/,
    detail: { code: "bad_upstream_response", title: "The Migrations API sent data the dashboard does not understand" },
  },
];

/** Waits until the BFF itself says the sync is failing (quicker than waiting for the page's next refresh). */
async function waitForFreshnessState(page: Page, state: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const response = await page.request.get("/api/migrations");
        if (!response.ok()) return `HTTP ${response.status()}`;
        return ((await response.json()) as { freshness: { state: string } }).freshness.state;
      },
      { message: `the sync state is ${state}`, timeout: 30_000, intervals: [250, 500] },
    )
    .toBe(state);
}

/** The list refreshes itself every 10 s; the browser's clock is moved on so that the next refresh happens now. */
async function nextLiveRefresh(page: Page): Promise<void> {
  const refreshed = page.waitForResponse((response) => new URL(response.url()).pathname === "/api/migrations");
  await page.clock.runFor(10_500);
  await refreshed;
}

async function expectFirstPageOfFixtures(page: Page): Promise<void> {
  await waitForRows(page);
  await expect(page.getByTestId("showing")).toHaveText(`Showing 1–25 of ${FAKE_MIGRATIONS.length}`);
  await expect(rows(page)).toHaveCount(25);
}

for (const failure of FAILURES) {
  test(`upstream "${failure.mode}": the last good rows stay, under a notice naming the problem, until the sync recovers`, async ({
    page,
  }) => {
    test.setTimeout(90_000);
    await page.clock.install();
    await page.goto("/migrations");
    await expectFirstPageOfFixtures(page);
    const before = await rowIds(page);
    await expect(page.getByTestId("sync-failing")).toHaveCount(0);

    await setUpstreamMode(failure.mode, { retryAfterSeconds: failure.retryAfterSeconds });
    await waitForFreshnessState(page, "failing");
    await nextLiveRefresh(page);

    const notice = page.getByTestId("sync-failing");
    await expect(notice).toBeVisible();
    await expect(notice).toContainText(/^Sync is failing since .+ — showing migrations as of .+/);
    await expect(page.getByTestId("sync-last-error")).toContainText(failure.notice);
    // Never an empty page: the same rows, the same total, no error panel instead of them.
    expect(await rowIds(page)).toEqual(before);
    await expect(page.getByTestId("showing")).toHaveText(`Showing 1–25 of ${FAKE_MIGRATIONS.length}`);
    await expect(page.getByTestId("error-panel")).toHaveCount(0);
    await expect(page.getByTestId("synced-ago")).toHaveAttribute("data-state", "failing");

    // A migration the mirror has never seen is read through from the upstream: that fails with its own error page.
    const detail = await page.context().newPage();
    await detail.goto(`/migrations/${randomUUID()}`);
    const panel = detail.getByTestId("error-panel");
    await expect(panel).toBeVisible({ timeout: 15_000 });
    await expect(panel.getByRole("heading")).toHaveText(failure.detail.title);
    await expect(detail.getByTestId("error-detail")).toHaveAttribute("data-code", failure.detail.code);
    await detail.close();

    await setUpstreamMode("ok");
    await waitForSyncedList(page.request, FAKE_MIGRATIONS.length);
    await nextLiveRefresh(page);
    await expect(notice).toHaveCount(0);
    await expect(page.getByTestId("synced-ago")).toHaveAttribute("data-state", "current");
    expect(await rowIds(page)).toEqual(before);
  });
}

test("429 with a Retry-After longer than a call's budget: the notice and a read-through still name the rate limit", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await setUpstreamMode("rate_limited", { retryAfterSeconds: 60 });
  await waitForFreshnessState(page, "failing");
  try {
    for (let look = 0; look < 3; look++) {
      const list = (await (await page.request.get("/api/migrations")).json()) as {
        freshness: { last_error?: { message: string } };
      };
      expect(list.freshness.last_error?.message, `the sync's last error, look ${look}`).toMatch(
        /limiting requests \(429\)/,
      );
      const readThrough = await page.request.get(`/api/migrations/${randomUUID()}`);
      expect(readThrough.status(), `a read-through, look ${look}`).toBe(503);
      expect(((await readThrough.json()) as { error: { code: string } }).error.code).toBe("rate_limited");
      await page.waitForTimeout(2_000);
    }
  } finally {
    // The server honours the 60 s pause before it asks again.
    await resetUpstream();
    await waitForSyncedList(page.request, FAKE_MIGRATIONS.length, 150_000);
  }
});

test("the failing notice passes axe, in the light and the dark theme", async ({ page }) => {
  // Two full axe runs; each takes seconds on a busy machine.
  test.setTimeout(90_000);
  await setUpstreamMode("unavailable");
  await waitForFreshnessState(page, "failing");
  for (const theme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.goto("/migrations");
    await waitForRows(page);
    await expect(page.getByTestId("sync-failing")).toBeVisible();
    await page.screenshot({ path: test.info().outputPath(`sync-failing-${theme}.png`), fullPage: true });
    const results = await new AxeBuilder({ page }).analyze();
    expect(
      results.violations.map((v) => ({ rule: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) })),
      `axe violations with the failing notice (${theme})`,
    ).toEqual([]);
  }
});

test("“synced N s ago” is the age of the mirror, not of the page's last refresh", async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto("/migrations");
  await waitForRows(page);
  const synced = page.getByTestId("synced-ago");
  const seconds = async () => Number(/^synced (\d+) s ago$/.exec((await synced.textContent()) ?? "")?.[1] ?? -1);
  await expect(synced).toHaveText(/^synced \d+ s ago$/);
  // Current: the sync reads the upstream every half second, so the age starts near 0 after each refresh.
  await expect.poll(seconds, { timeout: 15_000 }).toBeLessThanOrEqual(2);

  await setUpstreamMode("unavailable");
  // The page keeps refreshing every 10 s (the list answers from the mirror), but the mirror stops
  // getting newer: an age past the refresh interval can only be the mirror's.
  let refreshes = 0;
  page.on("response", (response) => {
    if (new URL(response.url()).pathname === "/api/migrations" && response.ok()) refreshes++;
  });
  await expect.poll(seconds, { timeout: 25_000 }).toBeGreaterThanOrEqual(12);
  expect(refreshes).toBeGreaterThan(0);
  await expect(synced).toHaveText(/^synced \d+ s ago$/);
  await expect(synced).toHaveAttribute("data-state", "failing");
});

test("an unknown status is shown as sent, in a badge and as an option of the status filter", async ({ page }) => {
  await page.goto("/migrations");
  await expectFirstPageOfFixtures(page);
  const badge = page
    .locator(`[data-testid="migration-row"][data-id="${FAKE.unknownStatus.id}"]`)
    .getByTestId("status-badge");
  await expect(badge).toHaveAttribute("data-status", "SOMETHING_NEW");
  await expect(badge).toHaveText("SOMETHING_NEW");
  await expect(page.getByTestId("summary-chip-SOMETHING_NEW").getByTestId("summary-chip-count")).toHaveText("1");

  const panel = await openStatusPanel(page);
  await expect(panel.getByTestId("status-count-SOMETHING_NEW")).toHaveText("1");
  await panel.getByTestId("status-option-SOMETHING_NEW").check();
  await expect(page).toHaveURL(/[?&]status=SOMETHING_NEW(&|$)/);
  await expect(page.getByTestId("showing")).toHaveText("Showing 1–1 of 1");
  await waitForRows(page);
  expect(await readRows(page)).toMatchObject([{ id: FAKE.unknownStatus.id, status: "SOMETHING_NEW" }]);

  await page.goto(`/migrations/${FAKE.unknownStatus.id}`);
  await expect(page.getByTestId("detail-status")).toHaveText("SOMETHING_NEW");
  await expect(page.getByTestId("status-explanation")).toContainText("SOMETHING_NEW");
});

test("a migration without a company shows “no company” in the list and on its page", async ({ page }) => {
  await page.goto("/migrations");
  await expectFirstPageOfFixtures(page);
  const row = page.locator(`[data-testid="migration-row"][data-id="${FAKE.nullCompany.id}"]`);
  await expect(row).toContainText("no company");
  const shown = (await readRows(page)).find((r) => r.id === FAKE.nullCompany.id);
  expect(shown).toMatchObject({ company: null, user: FAKE.nullCompany.created_by_user_id });

  await page.goto(`/migrations/${FAKE.nullCompany.id}`);
  await expect(page.getByTestId("detail-company")).toHaveText("no company");
  await expect(page.getByRole("link", { name: "All migrations of this company" })).toHaveCount(0);
});

test("the list reads the {results, count} envelope: every fixture, in the documented order, across pages", async ({
  page,
}) => {
  await page.goto("/migrations?page_size=10");
  await waitForRows(page);
  const { total } = await showing(page);
  expect(total).toBe(FAKE_MIGRATIONS.length);
  const seen: string[] = [];
  for (let pageNumber = 1; pageNumber <= 3; pageNumber++) {
    if (pageNumber > 1) {
      await page.getByRole("button", { name: "Next page" }).click();
      await expect(page.getByTestId("showing")).toHaveText(
        `Showing ${(pageNumber - 1) * 10 + 1}–${pageNumber * 10} of ${total}`,
      );
    }
    await waitForRows(page);
    seen.push(...(await readRows(page)).map((row) => row.id));
  }
  expect(new Set(seen).size).toBe(FAKE_MIGRATIONS.length);
  // The oldest is the zone-less 2025-12-02T23:51:49.807119: read as UTC, it sorts last.
  expect(seen.at(-1)).toBe(FAKE.naiveCreated.id);
});

for (const zone of [
  { timezoneId: "America/Los_Angeles", local: /^Dec 2, 2025,\s3:51:49\sPM$/ },
  { timezoneId: "Asia/Kolkata", local: /^Dec 3, 2025,\s5:21:49\sAM$/ },
]) {
  test.describe(`in ${zone.timezoneId}`, () => {
    test.use({ timezoneId: zone.timezoneId, locale: "en-US" });

    test(`a zone-less created value is UTC, shown in ${zone.timezoneId} time`, async ({ page }) => {
      await page.goto(`/migrations/${FAKE.naiveCreated.id}`);
      await expect(page.getByTestId("detail-id")).toHaveText(FAKE.naiveCreated.id);
      await expect(page.getByTestId("detail-created-local")).toHaveText(zone.local);
      await expect(page.getByTestId("detail-created-utc")).toContainText("23:51:49 UTC");
      await expect(page.getByTestId("detail-created-utc")).toContainText("2 Dec 2025");
      await expect(page.getByTestId("detail-created-utc")).toContainText("2025-12-02T23:51:49.807119");

      // The list says the same: oldest first, it is the first row.
      await page.goto("/migrations?sort=created");
      await waitForRows(page);
      const first = rows(page).first();
      await expect(first).toHaveAttribute("data-id", FAKE.naiveCreated.id);
      await expect(first.getByTestId("created-local")).toHaveText(zone.local);
      await expect(first.getByTestId("created-time")).toHaveAttribute("datetime", "2025-12-02T23:51:49.807Z");
    });
  });
}
