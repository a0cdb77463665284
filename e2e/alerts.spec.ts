import AxeBuilder from "@axe-core/playwright";
import { expect, type Locator, type Page, test } from "@playwright/test";
import {
  type SlackReceiver,
  type SmtpReceiver,
  startSlackReceiver,
  startSmtpReceiver,
} from "../lib/testing/alert-receivers";
import { signedInTest, signInAs } from "./support/auth";
import { FAKE_MIGRATIONS, resetUpstream, setUpstreamStatus } from "./support/fake-upstream";
import { ACCOUNTS, FAKE_UPSTREAM, PORTS } from "./support/servers";
import { type SpawnedApp, startApp } from "./support/spawned-app";
import { waitForCurrentMirror } from "./support/sync";

/**
 * Alerts end to end: an app server of their own on the fake upstream, configured to a local
 * Slack-compatible receiver and a local SMTP server (smtp-server) that this file starts. A
 * migration fails upstream → the sync sees it → one message reaches each, with the deep link;
 * with both targets down the Alerts page says "not delivered, retrying", and once they are back
 * the retry delivers it.
 */
const APP_URL = `http://localhost:${PORTS.alertsApp}`;
/**
 * The third fixture of a status: the fake upstream is shared, and the other spec files change the
 * first and second ones (and check their histories on their own app server's mirror).
 */
const fixture = (status: string) => {
  const found = FAKE_MIGRATIONS.filter((migration) => migration.status === status)[2];
  if (!found) throw new Error(`the fake upstream has no third ${status} fixture`);
  return found;
};
const FAILS = fixture("WORKING");
const PARTLY_FAILS = fixture("NOT_STARTED");
const link = (id: string) => `${APP_URL}/migrations/${id}`;

let slack: SlackReceiver;
let smtp: SmtpReceiver;
let app: SpawnedApp;

test.describe.configure({ mode: "serial" });

test.describe("alerts to Slack and e-mail", () => {
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    await resetUpstream();
    slack = await startSlackReceiver(PORTS.alertsSlack);
    smtp = await startSmtpReceiver(PORTS.alertsSmtp);
    app = await startApp({
      name: "alerts",
      port: PORTS.alertsApp,
      apiBase: FAKE_UPSTREAM.apiBase,
      env: {
        APP_URL,
        ALERTS_SLACK_WEBHOOK_URL: slack.url,
        ALERTS_SMTP_URL: smtp.url,
        ALERTS_EMAIL_FROM: "Migration Console <alerts@console.test>",
        ALERTS_EMAIL_TO: "ops@console.test",
        ALERTS_INTERVAL_MS: "250",
        ALERTS_RETRY_BASE_MS: "1000",
        SYNC_HEAD_INTERVAL_MS: "500",
        SYNC_RUNNING_INTERVAL_MS: "500",
        MIGRATIONS_API_MAX_RPS: "50",
      },
    });
    await waitForCurrentMirror(app.baseURL);
  });

  test.afterAll(async () => {
    await app?.stop();
    await slack?.stop();
    await smtp?.stop().catch(() => {});
    await resetUpstream();
  });

  /** Signed out, /alerts leads to the sign-in page, and back to /alerts after it. */
  async function signIn(page: Page): Promise<void> {
    await page.goto(`${app.baseURL}/alerts`);
    await expect(page).toHaveURL(`${app.baseURL}/signin?callbackUrl=%2Falerts`);
    await signInAs(page, ACCOUNTS.upstreamOps);
    await expect(page).toHaveURL(`${app.baseURL}/alerts`);
  }

  /** The alert row of a migration on the Alerts page (it refreshes itself every few seconds). */
  const row = (page: Page, id: string): Locator => page.locator(`[data-testid="alert-row"][data-migration-id="${id}"]`);

  test("a migration that fails reaches the Slack receiver and the SMTP server once, with its deep link", async ({
    page,
  }) => {
    test.setTimeout(45_000);
    await setUpstreamStatus(FAILS.id, "FAILED");

    await expect.poll(() => slack.posts.length, { timeout: 15_000 }).toBe(1);
    const post = slack.posts[0];
    expect(post?.path).toBe(new URL(slack.url).pathname);
    expect(post?.json).toEqual({ text: expect.any(String) });
    const text = (post?.json as { text: string } | undefined)?.text ?? "";
    expect(text).toContain(`*Migration alert: Failed* · migration <${link(FAILS.id)}|${FAILS.id}>`);
    expect(text).toContain(`company ${FAILS.company_id}`);

    await expect.poll(() => smtp.mails.length, { timeout: 15_000 }).toBe(1);
    const mail = smtp.mails[0];
    expect(mail?.from).toBe("alerts@console.test");
    expect(mail?.to).toEqual(["ops@console.test"]);
    expect(mail?.subject).toBe(`[Migration Console] Failed: migration ${FAILS.id}`);
    expect(mail?.text).toContain(`Open: ${link(FAILS.id)}`);

    // The history (fixtures that were already failed when first read) is never alerted, nor this one twice.
    await signIn(page);
    await expect(page.getByTestId("alerts-configured")).toContainText("Slack and E-mail");
    await expect(page.getByTestId("alert-row")).toHaveCount(1);
    await expect(row(page, FAILS.id).getByTestId("delivery-slack")).toHaveAttribute("data-state", "delivered");
    await expect(row(page, FAILS.id).getByTestId("delivery-email")).toHaveAttribute("data-state", "delivered");
    expect(slack.posts).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);

    // The table with its delivery states passes axe in both themes.
    for (const theme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: theme });
      await expect(page.locator("html")).toHaveClass(theme === "dark" ? /(^|\s)dark(\s|$)/ : /^(?!.*\bdark\b)/);
      const axe = await new AxeBuilder({ page }).analyze();
      expect(
        axe.violations.map((v) => ({ rule: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) })),
        theme,
      ).toEqual([]);
    }

    // The deep link opens the migration.
    await page.goto(link(FAILS.id));
    await expect(page.getByTestId("detail-id")).toHaveText(FAILS.id);
  });

  test("with both targets down the page says 'not delivered, retrying'; once they are back, the retry delivers", async ({
    page,
  }) => {
    test.setTimeout(50_000);
    slack.setMode("unavailable");
    await smtp.stop();
    await setUpstreamStatus(PARTLY_FAILS.id, "COMPLETED_WITH_FAILURES");

    await signIn(page);
    const alert = row(page, PARTLY_FAILS.id);
    const slackCell = alert.getByTestId("delivery-slack");
    const emailCell = alert.getByTestId("delivery-email");
    await expect(slackCell).toHaveAttribute("data-state", "retrying", { timeout: 15_000 });
    await expect(slackCell).toContainText("Not delivered, retrying");
    await expect(alert.getByTestId("delivery-slack-error")).toHaveText(
      "Last error: the webhook answered HTTP 503: service unavailable for [hidden]",
    );
    await expect(emailCell).toHaveAttribute("data-state", "retrying", { timeout: 15_000 });
    await expect(alert.getByTestId("delivery-email-error")).toHaveText(
      "Last error: could not reach the mail server (ECONNREFUSED)",
    );
    expect(slack.posts).toHaveLength(1);

    slack.setMode("ok");
    await smtp.start();
    await expect
      .poll(() => slack.posts.map((p) => p.body).filter((body) => body.includes(PARTLY_FAILS.id)).length, {
        timeout: 20_000,
      })
      .toBe(1);
    const retried = slack.posts.at(-1)?.json as { text: string };
    expect(retried.text).toContain(
      `*Migration alert: Completed with failures* · migration <${link(PARTLY_FAILS.id)}|${PARTLY_FAILS.id}>`,
    );
    await expect
      .poll(() => smtp.mails.filter((m) => m.subject.includes(PARTLY_FAILS.id)).length, {
        timeout: 20_000,
      })
      .toBe(1);
    expect(smtp.mails.find((m) => m.subject.includes(PARTLY_FAILS.id))?.text).toContain(
      `Open: ${link(PARTLY_FAILS.id)}`,
    );

    await expect(slackCell).toHaveAttribute("data-state", "delivered", { timeout: 10_000 });
    await expect(emailCell).toHaveAttribute("data-state", "delivered");
    await expect(slackCell).toContainText(/\d+ attempts/);
  });
});

signedInTest("without a configuration, the Alerts page says how to configure alerts", async ({ page }) => {
  await page.goto("/alerts");
  await expect(page.getByRole("heading", { level: 1, name: "Alerts" })).toBeVisible();
  const panel = page.getByTestId("alerts-not-configured");
  await expect(panel.getByRole("heading", { name: "Alerts are not configured" })).toBeVisible();
  for (const name of ["ALERTS_SLACK_WEBHOOK_URL", "ALERTS_SMTP_URL", "APP_URL", "ALERTS_CONFIG_FILE"]) {
    await expect(panel).toContainText(name);
  }
  await expect(page.getByTestId("alerts-empty")).toHaveText("No alert has fired yet.");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" })).toHaveAttribute(
    "aria-current",
    "page",
  );
});
