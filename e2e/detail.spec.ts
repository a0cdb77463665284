import { randomUUID } from "node:crypto";
import { test as base, expect } from "@playwright/test";
import { signInAsDemo, signedInTest as test } from "./support/auth";
import { readRows, waitForRows } from "./support/dashboard";
import { type ApiMigration, demoMigrations } from "./support/migrations";
import { E2E } from "./support/servers";

/** The detail page on 3107 (embedded API, demo organization, simulation off: statuses stay put). */

/** What the status explanation says, per status (the product's wording, checked independently here). */
const EXPLANATIONS: Record<string, RegExp> = {
  NOT_STARTED: /^Not started\. The migration was created but has not started yet\./,
  WORKING: /^Working\. The migration is in progress\./,
  PENDING_USER_INPUT:
    /^Waiting for user\. The migration is waiting for the end user: they must act in the migration modal/,
  COMPLETE: /^Complete\. The migration finished successfully\. Nothing to do\./,
  FAILED: /^Failed\. The migration failed and will not continue\./,
  COMPLETED_WITH_FAILURES: /^Completed with failures\. The migration finished, but some items failed\./,
};
const TERMINAL = new Set(["COMPLETE", "FAILED", "COMPLETED_WITH_FAILURES"]);

let migrations: ApiMigration[] = [];

base.beforeAll(async ({ request }) => {
  migrations = await demoMigrations(request, 100);
});

function pick(predicate: (m: ApiMigration) => boolean, what: string): ApiMigration {
  const found = migrations.find(predicate);
  if (!found) throw new Error(`no demo migration ${what} among the newest 100`);
  return found;
}

base("a signed-out deep link to a migration goes through sign-in and lands on that migration", async ({ page }) => {
  const target = migrations[57] as ApiMigration;
  await page.goto(`/migrations/${target.id}`);
  await expect(page).toHaveURL(`${E2E.baseURL}/signin?callbackUrl=${encodeURIComponent(`/migrations/${target.id}`)}`);
  await signInAsDemo(page);
  await expect(page).toHaveURL(`${E2E.baseURL}/migrations/${target.id}`);
  await expect(page.getByTestId("detail-id")).toHaveText(target.id);
  await expect(page.getByTestId("detail-status")).toHaveText(target.status);
  await expect(page.getByRole("heading", { level: 1 }).getByTestId("status-badge")).toHaveAttribute(
    "data-status",
    target.status,
  );
});

test("an unknown migration id is a real 404 page", async ({ page }) => {
  const response = await page.goto(`/migrations/${randomUUID()}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId("not-found")).toHaveText("Not found");
  await expect(page.getByTestId("detail-id")).toHaveCount(0);
  await page.getByRole("link", { name: "All migrations" }).click();
  await expect(page).toHaveURL(`${E2E.baseURL}/migrations`);
});

test("a malformed migration id is a 404 page too", async ({ page }) => {
  for (const id of ["abc", "not-a-uuid-at-all-0000000000000000000", "..%2F..%2Fapi"]) {
    const response = await page.goto(`/migrations/${id}`);
    expect(response?.status(), id).toBe(404);
    await expect(page.getByTestId("not-found"), id).toBeVisible();
    await expect(page.getByTestId("detail-id"), id).toHaveCount(0);
  }
});

test("the status explanation says what each status means", async ({ page }) => {
  const statuses = [...new Set(migrations.map((m) => m.status))].filter((s) => s in EXPLANATIONS);
  expect(statuses.length).toBeGreaterThanOrEqual(4);
  for (const status of statuses) {
    const target = pick((m) => m.status === status, `with status ${status}`);
    await page.goto(`/migrations/${target.id}`);
    await expect(page.getByTestId("detail-id"), status).toHaveText(target.id);
    await expect(page.getByTestId("status-explanation"), status).toHaveText(EXPLANATIONS[status] as RegExp);
  }
});

test("“All migrations of this company” and “… of this user” lead to the filtered list", async ({ page }) => {
  const target = pick((m) => m.company_id !== null, "with a company");
  const company = target.company_id as string;
  await page.goto(`/migrations/${target.id}`);
  await expect(page.getByTestId("detail-company")).toContainText(company);
  await page.getByRole("link", { name: "All migrations of this company" }).click();
  await expect(page).toHaveURL(`${E2E.baseURL}/migrations?company_id=${company}`);
  await expect(page.getByLabel("Company", { exact: true })).toHaveValue(company);
  await waitForRows(page);
  const companyRows = await readRows(page);
  expect(new Set(companyRows.map((row) => row.company))).toEqual(new Set([company]));

  await page.goto(`/migrations/${target.id}`);
  await expect(page.getByTestId("detail-user")).toContainText(target.created_by_user_id);
  await page.getByRole("link", { name: "All migrations of this user" }).click();
  await expect(page).toHaveURL(`${E2E.baseURL}/migrations?created_by_user_id=${target.created_by_user_id}`);
  await expect(page.getByLabel("Created by user", { exact: true })).toHaveValue(target.created_by_user_id);
  await waitForRows(page);
  const userRows = await readRows(page);
  expect(userRows.map((row) => row.id)).toContain(target.id);
  expect(new Set(userRows.map((row) => row.user))).toEqual(new Set([target.created_by_user_id]));
});

test("a terminal migration shows “Final status” and is not polled; a running one is", async ({ page }) => {
  // Without the change stream: the 5 s poll (with it, a minute; see live-push.spec.ts).
  await page.route("**/api/events", (route) => route.abort());
  const polls: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname.startsWith("/api/migrations/")) polls.push(new URL(request.url()).pathname);
  });
  await page.clock.install();

  const done = pick((m) => TERMINAL.has(m.status), "in a terminal status");
  await page.goto(`/migrations/${done.id}`);
  await expect(page.getByTestId("detail-id")).toHaveText(done.id);
  await expect(page.getByTestId("detail-polling")).toHaveText("Final status");
  await page.clock.runFor(12_000);
  await expect(page.getByTestId("detail-polling")).toHaveText("Final status");
  expect(polls.filter((p) => p === `/api/migrations/${done.id}`)).toEqual([]);

  const running = pick((m) => !TERMINAL.has(m.status), "still running");
  await page.goto(`/migrations/${running.id}`);
  await expect(page.getByTestId("detail-id")).toHaveText(running.id);
  await expect(page.getByTestId("detail-polling")).toHaveText(/^(Checking every 5 s|Checking…)$/);
  await page.clock.runFor(6_000);
  await expect.poll(() => polls.filter((p) => p === `/api/migrations/${running.id}`).length).toBeGreaterThan(0);
});
