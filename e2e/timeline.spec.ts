import { expect, type Page } from "@playwright/test";
import { signedInTestAt } from "./support/auth";
import { rows, waitForRows } from "./support/dashboard";
import {
  FAKE_MIGRATIONS,
  firstPageFixture,
  removeFromUpstream,
  resetUpstream,
  setUpstreamStatus,
  waitForSyncedList,
} from "./support/fake-upstream";
import { ACCOUNTS, UPSTREAM_APP } from "./support/servers";

/**
 * Observed history on the app server that syncs the fake upstream: a fixture's status is changed
 * (or the fixture removed) upstream, the sync sees it within a second, and the pages show what was
 * observed and when. The fake's state is global: these tests run one after another, each from the
 * fixtures as they are in the file.
 */
const test = signedInTestAt(UPSTREAM_APP, ACCOUNTS.upstreamOps);

/** Changes status in these tests. */
const CHANGING = firstPageFixture("NOT_STARTED", 0);
/** Leaves the upstream and comes back. */
const LEAVING = firstPageFixture("NOT_STARTED", 1);
/** Keeps its status: WORKING since before the app first saw it. */
const STILL_WORKING = firstPageFixture("WORKING", 0);

test.beforeEach(async ({ page }) => {
  await resetUpstream();
  await waitForSyncedList(page.request, FAKE_MIGRATIONS.length);
});

test.afterAll(async () => {
  await resetUpstream();
});

async function waitForMirroredStatus(page: Page, id: string, status: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const response = await page.request.get(`/api/migrations/${id}`);
        return response.ok()
          ? ((await response.json()) as { data: { status: string } }).data.status
          : response.status();
      },
      { message: `the mirror has ${id} as ${status}`, timeout: 20_000, intervals: [250, 500] },
    )
    .toBe(status);
}

const rowOf = (page: Page, id: string) => page.locator(`[data-testid="migration-row"][data-id="${id}"]`);

test.describe("in Asia/Kolkata", () => {
  test.use({ timezoneId: "Asia/Kolkata", locale: "en-US" });

  test("after a status change upstream, the detail page shows the observed timeline, in local time", async ({
    page,
  }) => {
    await setUpstreamStatus(CHANGING.id, "WORKING");
    await waitForMirroredStatus(page, CHANGING.id, "WORKING");
    const view = (await (await page.request.get(`/api/migrations/${CHANGING.id}`)).json()) as {
      history: Array<{ from: string | null; to: string | null; observed_at: string; source: string }>;
      status_since: string | null;
      first_seen_at: string;
    };
    const change = view.history.at(-1);
    expect(change).toMatchObject({ from: "NOT_STARTED", to: "WORKING", source: "sync" });
    expect(view.status_since).toBe(change?.observed_at);

    await page.goto(`/migrations/${CHANGING.id}`);
    await expect(page.getByTestId("detail-status")).toHaveText("WORKING");
    const entries = page.getByTestId("status-timeline").getByTestId("timeline-entry");
    await expect(entries).toHaveCount(view.history.length);

    const first = entries.first();
    await expect(first).toHaveAttribute("data-from", "");
    await expect(first).toHaveAttribute("data-to", "NOT_STARTED");
    await expect(first).toContainText("First seen as");
    // Held before the app first saw it: the time in that status is a lower bound.
    await expect(first.getByTestId("timeline-duration")).toHaveText(/^for at least (< 1 min|\d+ min|\d+ h \d+ min)$/);

    const last = entries.last();
    await expect(last).toHaveAttribute("data-from", "NOT_STARTED");
    await expect(last).toHaveAttribute("data-to", "WORKING");
    await expect(last).toHaveAttribute("data-source", "sync");
    await expect(last).toHaveAttribute("aria-current", "step");
    await expect(last.getByTestId("timeline-source")).toHaveText("seen by the sync");
    await expect(last.getByTestId("timeline-duration")).toHaveText("in this status since then, for < 1 min");
    // Local time (the browser's zone), with UTC on hover and the exact moment in datetime.
    const time = last.getByTestId("timeline-time");
    const observed = new Date(change?.observed_at ?? "");
    const local = new Intl.DateTimeFormat("en-US", {
      dateStyle: "medium",
      timeStyle: "medium",
      timeZone: "Asia/Kolkata",
    }).format(observed);
    await expect(time).toHaveText(local);
    await expect(time).toHaveAttribute("datetime", change?.observed_at ?? "");
    await expect(time).toHaveAttribute("title", /UTC$/);

    await expect(page.getByTestId("status-since")).toHaveAttribute("data-basis", "status");
    await expect(page.getByTestId("status-since")).toHaveText(`since ${local} (for < 1 min)`);
    // Created a year ago, but WORKING for seconds: not stuck.
    await expect(page.getByTestId("stuck-hint")).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath("detail-timeline.png"), fullPage: true });

    // A status held since first sight says so.
    await page.goto(`/migrations/${STILL_WORKING.id}`);
    await expect(page.getByTestId("detail-status")).toHaveText("WORKING");
    await expect(page.getByTestId("status-since")).toHaveAttribute("data-basis", "first-seen");
    await expect(page.getByTestId("status-since")).toHaveText(/^since at least .+ \(first seen\), for at least /);
  });
});

test("the “may be stuck” hint says what it measured: time in the status where known, age otherwise", async ({
  page,
}) => {
  await setUpstreamStatus(CHANGING.id, "WORKING");
  await waitForMirroredStatus(page, CHANGING.id, "WORKING");

  // Now: CHANGING entered WORKING seconds ago (not stuck, though created a year ago); STILL_WORKING's
  // start in WORKING is unknown, so its age decides.
  await page.goto("/migrations");
  await waitForRows(page);
  await expect(rowOf(page, CHANGING.id).getByTestId("status-badge")).toHaveAttribute("data-status", "WORKING");
  await expect(rowOf(page, CHANGING.id).getByTestId("stuck-hint")).toHaveCount(0);
  const aged = rowOf(page, STILL_WORKING.id).getByTestId("stuck-hint");
  await expect(aged).toHaveAttribute("data-basis", "created");
  await expect(aged).toHaveText(/^⚠created \d+ d \d+ h ago · may be stuck$/);

  // Seven hours later (the browser's clock): WORKING for longer than usual, measured in the status.
  await page.clock.install({ time: Date.now() + 7 * 3_600_000 });
  await page.goto("/migrations");
  await waitForRows(page);
  const inStatus = rowOf(page, CHANGING.id).getByTestId("stuck-hint");
  await expect(inStatus).toHaveAttribute("data-basis", "status");
  await expect(inStatus).toHaveText(/^⚠in WORKING for 7 h [01] min · may be stuck$/);
  await expect(rows(page).getByTestId("stuck-hint").filter({ hasText: "created" }).first()).toBeVisible();

  await page.goto(`/migrations/${CHANGING.id}`);
  await expect(page.getByTestId("stuck-hint")).toHaveAttribute("data-basis", "status");
  await expect(page.getByTestId("stuck-hint")).toHaveText(
    /^It has been in WORKING for 7 h [01] min, much longer than usual: it may be stuck\.$/,
  );
  await page.goto(`/migrations/${STILL_WORKING.id}`);
  await expect(page.getByTestId("stuck-hint")).toHaveAttribute("data-basis", "created");
  await expect(page.getByTestId("stuck-hint")).toHaveText(
    /^It was created \d+ d \d+ h ago and is still not finished \(when it entered WORKING is not known\): it may be stuck\.$/,
  );
});

test("a migration that leaves the upstream leaves the list; back again, its timeline shows the gap", async ({
  page,
}) => {
  await removeFromUpstream(LEAVING.id);
  await waitForSyncedList(page.request, FAKE_MIGRATIONS.length - 1);
  await page.goto("/migrations");
  await waitForRows(page);
  await expect(rowOf(page, LEAVING.id)).toHaveCount(0);

  await resetUpstream();
  await waitForSyncedList(page.request, FAKE_MIGRATIONS.length);
  await page.goto(`/migrations/${LEAVING.id}`);
  await expect(page.getByTestId("detail-id")).toHaveText(LEAVING.id);
  const entries = page.getByTestId("status-timeline").getByTestId("timeline-entry");
  const gone = entries.filter({ has: page.getByTestId("timeline-gone") }).last();
  await expect(gone).toHaveAttribute("data-from", "NOT_STARTED");
  await expect(gone).toHaveAttribute("data-to", "");
  await expect(gone.getByTestId("timeline-gone")).toHaveText(
    "No longer listed by the Migrations API (was NOT_STARTED)",
  );
  const back = entries.last();
  await expect(back).toHaveAttribute("data-from", "");
  await expect(back).toHaveAttribute("data-to", "NOT_STARTED");
  await expect(back).toContainText("First seen as");
  // Seen anew: when it took this status again is not known.
  await expect(page.getByTestId("status-since")).toHaveAttribute("data-basis", "first-seen");
});
