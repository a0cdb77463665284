import { readFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, test as base, expect } from "@playwright/test";
import { FAILURE_REASONS } from "../lib/embedded-api/failure-reasons";
import type { MigrationDetailView, MigrationListView } from "../lib/migrations/views";
import { newSecret, signatureHeaders, testEvent } from "../lib/webhooks/testing";
import { signInAs } from "./support/auth";
import { ACCOUNTS, PORTS } from "./support/servers";
import { type SpawnedApp, startApp } from "./support/spawned-app";
import { waitForCurrentMirror } from "./support/sync";

/**
 * The webhook loop on a server of its own: the embedded API with its simulator on, sending signed
 * webhooks for its changes to the app itself (the default target, with the secret the app
 * generated into its data folder). The sync reads only every minute here, so the changes that
 * reach the pages in between came by webhook.
 */
const test = base.extend<object, { app: SpawnedApp }>({
  app: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern, and this one has none.
    async ({}, use) => {
      const app = await startApp({
        name: "webhooks",
        port: PORTS.spawnedApps[1],
        apiBase: "",
        env: {
          MIGRATIONS_API_URL: "",
          MIGRATIONS_API_KEY: "",
          EMBEDDED_SIMULATION: "on",
          MIGRATIONS_WEBHOOK_SECRET: "",
          EMBEDDED_WEBHOOK_URL: "",
          EMBEDDED_WEBHOOK_SECRET: "",
          MIGRATIONS_API_MAX_RPS: "50",
          SYNC_HEAD_INTERVAL_MS: "60000",
          SYNC_RUNNING_INTERVAL_MS: "60000",
          SYNC_OLD_RUNNING_INTERVAL_MS: "600000",
        },
      });
      try {
        await waitForCurrentMirror(app.baseURL);
        await use(app);
      } finally {
        await app.stop();
      }
    },
    { scope: "worker", timeout: 150_000 },
  ],
});

const ROUTE = "/api/webhooks/migrations";

function secretOf(app: SpawnedApp): string {
  return readFileSync(path.join(app.dataDir, "webhook-secret"), "utf8").trim();
}

/** A migration of the embedded API, read with the demo key from the server's data folder. */
async function someMigrationId(request: APIRequestContext, app: SpawnedApp): Promise<string> {
  const key = readFileSync(path.join(app.dataDir, "demo-api-key"), "utf8").trim();
  const response = await request.get(`${app.baseURL}/api/v1/migrations?page_size=1`, {
    headers: { Authorization: `Bearer ${key}` },
  });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { data: Array<{ id: string }> };
  return body.data[0]?.id ?? "";
}

test("the webhook route answers without a session; unsigned requests learn nothing; every other route still needs one", async ({
  playwright,
  app,
}) => {
  const request = await playwright.request.newContext({ baseURL: app.baseURL });
  const id = await someMigrationId(request, app);
  const event = testEvent("migration.created", id);
  const body = JSON.stringify(event);
  const invalid = { error: { code: "invalid_signature", message: "invalid signature" } };

  const unsignedCases: Array<[string, Record<string, string>]> = [
    ["no signature", {}],
    ["another secret", signatureHeaders(body, { secret: newSecret() })],
    [
      "an old timestamp",
      signatureHeaders(body, { secret: secretOf(app), timestamp: Math.floor(Date.now() / 1000) - 600 }),
    ],
  ];
  for (const [what, headers] of unsignedCases) {
    const response = await request.post(ROUTE, {
      data: body,
      headers: { "content-type": "application/json", ...headers },
      maxRedirects: 0,
    });
    expect(response.status(), what).toBe(401);
    expect(await response.json(), what).toEqual(invalid);
    expect(response.headers().location, what).toBeUndefined();
    expect(response.headers()["set-cookie"], what).toBeUndefined();
  }
  const tooLarge = await request.post(ROUTE, {
    data: `{"x":"${"a".repeat(70_000)}"}`,
    headers: { "content-type": "application/json" },
  });
  expect(tooLarge.status()).toBe(413);
  const get = await request.get(ROUTE, { maxRedirects: 0 });
  expect(get.status()).toBe(405);
  expect(get.headers().allow).toBe("POST");

  // Signed with the secret the app generated into its data folder: accepted, then once only.
  const signed = {
    "content-type": "application/json",
    ...signatureHeaders(body, { secret: secretOf(app), prefix: "webhook" }),
  };
  const accepted = await request.post(ROUTE, { data: body, headers: signed });
  expect(accepted.status()).toBe(202);
  expect(await accepted.json()).toEqual({ received: true });
  const replayed = await request.post(ROUTE, { data: body, headers: signed });
  expect(replayed.status()).toBe(200);
  expect(await replayed.json()).toEqual({ received: true, duplicate: true });

  // Nothing else opened up: the BFF still answers 401, pages still send to sign-in, and no other
  // path under the webhook route exists.
  for (const bff of ["/api/migrations", `/api/migrations/${id}`]) {
    const response = await request.get(bff, { maxRedirects: 0 });
    expect(response.status(), bff).toBe(401);
    expect(await response.json(), bff).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
  }
  for (const page of ["/migrations", `/migrations/${id}`]) {
    const response = await request.get(page, { maxRedirects: 0 });
    expect([302, 303, 307, 308], page).toContain(response.status());
    expect(new URL(response.headers().location ?? "", app.baseURL).pathname, page).toBe("/signin");
  }
  for (const other of [`${ROUTE}/${id}`, "/api/webhooks", "/api/webhooks/companies"]) {
    const response = await request.post(other, { data: body, headers: signed, maxRedirects: 0 });
    expect(response.status(), other).toBe(404);
  }
  await request.dispose();
  // Neither the rejections nor anything else the server logged carries its secret.
  expect(app.output()).toContain('"event":"webhook_rejected"');
  expect(app.output()).not.toContain(secretOf(app).replace(/^whsec_/, ""));
});

test("a migration the embedded simulator fails shows why on its page, its timeline merging the webhook with the sync", async ({
  page,
  app,
}) => {
  test.setTimeout(240_000);
  await page.goto(`${app.baseURL}/migrations`);
  await signInAs(page, ACCOUNTS.upstreamOps);
  const failedIds = async () => {
    const response = await page.request.get(`${app.baseURL}/api/migrations?status=FAILED&page_size=100`);
    expect(response.status()).toBe(200);
    return ((await response.json()) as MigrationListView).data.map((migration) => migration.id);
  };
  const failedBefore = new Set(await failedIds());

  // Failed since: the simulator moves running migrations every 3 s, and about one in ten moves fails.
  let found: MigrationDetailView | undefined;
  const looked = new Set<string>();
  await expect
    .poll(
      async () => {
        for (const id of await failedIds()) {
          if (failedBefore.has(id) || looked.has(id)) continue;
          looked.add(id);
          const view = (await (
            await page.request.get(`${app.baseURL}/api/migrations/${id}`)
          ).json()) as MigrationDetailView;
          if (view.history.some((change) => change.to === "FAILED" && change.source === "webhook")) {
            found = view;
            return true;
          }
        }
        return false;
      },
      {
        message: "the simulator failed a migration and its webhook reached the mirror",
        timeout: 180_000,
        intervals: [1_000],
      },
    )
    .toBe(true);
  const view = found as MigrationDetailView;
  const reason = view.error_message ?? "";
  expect(FAILURE_REASONS).toContain(reason);

  await page.goto(`${app.baseURL}/migrations/${view.data.id}`);
  await expect(page.getByTestId("detail-status")).toHaveText("FAILED");
  await expect(page.getByTestId("failure-reason")).toContainText("Why it failed");
  await expect(page.getByTestId("failure-reason-text")).toHaveText(reason);

  const entries = page.getByTestId("status-timeline").getByTestId("timeline-entry");
  await expect(entries).toHaveCount(view.history.length);
  const failed = entries.and(page.locator('[data-to="FAILED"]')).last();
  await expect(failed).toHaveAttribute("data-source", "webhook");
  await expect(failed.getByTestId("timeline-source")).toHaveText("reported by webhook");
  await expect(failed.getByTestId("timeline-reason")).toHaveText(`Reason: ${reason}`);
  // First seen by the sync or a read-through: a webhook never brings a migration in on its own.
  const first = entries.first();
  await expect(first).toHaveAttribute("data-source", /^(sync|read-through)$/);
  await expect(first.getByTestId("timeline-source")).toHaveText(/^(seen by the sync|seen when opened)$/);
  await page.screenshot({ path: test.info().outputPath("webhook-failure-reason.png"), fullPage: true });

  // The reason box and the timeline's reason pass axe in both themes.
  for (const theme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.reload();
    await expect(page.getByTestId("failure-reason-text")).toHaveText(reason);
    const violations = (await new AxeBuilder({ page }).analyze()).violations.map((violation) => ({
      rule: violation.id,
      nodes: violation.nodes.map((node) => node.target.join(" ")),
    }));
    expect(violations, `axe on the failed migration's page (${theme})`).toEqual([]);
  }

  // The list finds it by words of its reason (any case), and shows the reason on its row.
  const words = reason.split(" ").slice(0, 3).join(" ").toUpperCase();
  const byReason = (await (
    await page.request.get(`${app.baseURL}/api/migrations?reason=${encodeURIComponent(words)}&page_size=100`)
  ).json()) as MigrationListView;
  expect(byReason.data.map((migration) => migration.id)).toContain(view.data.id);
  for (const migration of byReason.data) expect(migration.errorMessage?.toUpperCase()).toContain(words);
  await page.goto(`${app.baseURL}/migrations`);
  await page.getByLabel("Failure reason contains").fill(words);
  await page.getByLabel("Failure reason contains").press("Enter");
  await expect(page).toHaveURL(/[?&]reason=/);
  const listed = page.getByTestId("migration-row");
  await expect(listed.first()).toBeVisible();
  for (const row of await listed.all()) {
    expect((await row.locator("[data-reason]").getAttribute("data-reason"))?.toUpperCase()).toContain(words);
  }
});
