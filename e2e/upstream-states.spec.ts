import { expect, type Page } from "@playwright/test";
import { signedInTestAt } from "./support/auth";
import { chipCounts, openStatusPanel, readRows, rows, showing, sum, waitForRows } from "./support/dashboard";
import { FAKE, FAKE_MIGRATIONS, type FakeUpstreamMode, settleIndex, setUpstreamMode } from "./support/fake-upstream";
import { ACCOUNTS, UPSTREAM_APP } from "./support/servers";

/**
 * The app server on 3108 against the fake upstream on 3111 (documented contract only, a
 * `{"results","count"}` envelope, failure modes on demand). The mode is global to the fake, so
 * these tests run one after another in one worker (workers: 1, not fullyParallel), each from "ok".
 */
const test = signedInTestAt(UPSTREAM_APP, ACCOUNTS.upstreamOps);

test.beforeEach(async ({ page }) => {
  await setUpstreamMode("ok");
  await settleIndex(page.request, FAKE_MIGRATIONS.length);
});

test.afterAll(async () => {
  await setUpstreamMode("ok");
});

const ERROR_STATES: Array<{ mode: FakeUpstreamMode; code: string; title: string; detail: string | RegExp }> = [
  {
    mode: "key_rejected",
    code: "key_rejected",
    title: "The Migrations API rejected the configured key",
    detail: /MIGRATIONS_API_KEY/,
  },
  {
    mode: "unavailable",
    code: "upstream_unavailable",
    title: "The Migrations API is unavailable",
    detail: "It is down or cannot be reached right now.",
  },
  {
    mode: "rate_limited",
    code: "rate_limited",
    title: "The Migrations API is rate limiting the dashboard",
    detail: "Try again in 60 s.",
  },
  {
    mode: "timeout",
    code: "timed_out",
    title: "The Migrations API did not answer in time",
    detail: "It may be overloaded. Try again shortly.",
  },
  {
    mode: "garbage",
    code: "bad_upstream_response",
    title: "The Migrations API sent data the dashboard does not understand",
    detail: "Its response did not match the documented format.",
  },
];

async function expectFirstPageOfFixtures(page: Page): Promise<void> {
  await waitForRows(page);
  await expect(page.getByTestId("showing")).toHaveText(`Showing 1–25 of ${FAKE_MIGRATIONS.length}`);
  await expect(rows(page)).toHaveCount(25);
}

for (const state of ERROR_STATES) {
  test(`upstream "${state.mode}": its own message and a Retry that works once the upstream is back`, async ({
    page,
  }) => {
    await setUpstreamMode(state.mode);
    const started = Date.now();
    await page.goto("/migrations");
    const panel = page.getByTestId("error-panel");
    await expect(panel).toBeVisible({ timeout: 15_000 });
    await expect(panel.getByRole("heading")).toHaveText(state.title);
    await expect(page.getByTestId("error-detail")).toHaveAttribute("data-code", state.code);
    await expect(page.getByTestId("error-detail")).toHaveText(state.detail);
    await expect(rows(page)).toHaveCount(0);
    // Nothing hangs: even "timeout" is reported within a few of the client's 1.5 s budgets.
    expect(Date.now() - started).toBeLessThan(12_000);
    const retry = panel.getByRole("button", { name: "Retry" });
    await expect(retry).toBeEnabled();

    await setUpstreamMode("ok");
    await retry.click();
    await expectFirstPageOfFixtures(page);
    await expect(page.getByTestId("error-panel")).toHaveCount(0);
  });
}

test("an upstream with no migrations: “No migrations yet”, and the counts agree once the index caught up", async ({
  page,
}) => {
  await setUpstreamMode("empty");
  await page.goto("/migrations");
  const empty = page.getByTestId("empty-no-migrations");
  await expect(empty).toBeVisible();
  await expect(empty.getByRole("heading")).toHaveText("No migrations yet");
  await expect(rows(page)).toHaveCount(0);

  // The counts come from an index refreshed in the background: the first answer after the switch may
  // still count the migrations of before. Recorded (the report says so), then waited out.
  const firstCounts = sum(await chipCounts(page));
  if (firstCounts !== 0) {
    test.info().annotations.push({
      type: "contradictory counts",
      description: `"No migrations yet" shown while the status chips counted ${firstCounts} migrations (index not yet refreshed)`,
    });
  }
  await expect
    .poll(
      async () => {
        await page.reload();
        await expect(page.getByTestId("empty-no-migrations")).toBeVisible();
        return sum(await chipCounts(page));
      },
      { timeout: 15_000 },
    )
    .toBe(0);
  await expect(page.getByTestId("needs-attention")).toHaveCount(0);
  await expect(page.getByTestId("showing")).toHaveCount(0);
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
