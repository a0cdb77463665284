import { describe, expect, it } from "vitest";
import { importEntries } from "@/lib/directory/import-entries";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { alertsPageView, setupView } from "./alerts-view";
import { readAlertsSetup } from "./config";
import { fireAlerts } from "./fired-alerts";

const T0 = Date.UTC(2026, 5, 1, 12);
const ENV = {
  ALERTS_SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T/B/s3cret-token",
  ALERTS_SMTP_URL: "smtp://alerts-user:s3cret-pass@mail.example.com:2525",
  ALERTS_EMAIL_FROM: "alerts@example.com",
  ALERTS_EMAIL_TO: "ops@example.com",
  ALERTS_PENDING_USER_INPUT_HOURS: "4",
};

describe("setupView", () => {
  it("shows targets, recipients, server, rules and links, but never the webhook URL or the SMTP account", () => {
    const view = setupView(readAlertsSetup({ ...ENV, APP_URL: "https://console.example.com" }));
    expect(view).toEqual({
      state: "on",
      targets: ["Slack", "E-mail"],
      emailTo: ["ops@example.com"],
      smtpServer: "mail.example.com:2525",
      rules: ["Failed", "Completed with failures", "Waiting for user too long (over 4 h)", "May be stuck"],
      appUrl: "https://console.example.com",
    });
    const text = JSON.stringify(view);
    expect(text).not.toContain("s3cret");
    expect(text).not.toContain("alerts-user");
    expect(setupView(readAlertsSetup({}))).toEqual({ state: "off", appUrlSet: false });
    expect(setupView(readAlertsSetup({ ALERTS_RULES: "nope" }))).toMatchObject({ state: "invalid" });
  });
});

describe.each(TEST_ENGINES)("the Alerts page's data (%s)", (engine) => {
  const app = appDatabasePerTest(engine);

  it("lists alerts newest first with each target's delivery state, attempts and last error", async () => {
    const base = {
      status: "FAILED",
      companyId: null,
      createdByUserId: "usr_1",
      sinceMs: T0 - 60_000,
      sinceKind: "status" as const,
    };
    await fireAlerts(app().db, [{ ...base, migrationId: "m-old", rule: "failed" }], ["slack", "email"], T0);
    await fireAlerts(
      app().db,
      [{ ...base, migrationId: "m-new", rule: "may_be_stuck", status: "WORKING", sinceKind: "created" }],
      ["slack"],
      T0 + 1_000,
    );
    await app()
      .db.updateTable("alert_deliveries")
      .set({ state: "delivered", attempts: 2, delivered_ms: T0 + 5_000, next_attempt_ms: null, batch_size: 6 })
      .where("alert_id", "=", 1)
      .where("target", "=", "slack")
      .execute();
    await app()
      .db.updateTable("alert_deliveries")
      .set({ attempts: 3, next_attempt_ms: T0 + 60_000, last_error: "could not reach the mail server (ECONNREFUSED)" })
      .where("alert_id", "=", 1)
      .where("target", "=", "email")
      .execute();
    await app()
      .db.updateTable("alert_deliveries")
      .set({ state: "gave_up", attempts: 9, next_attempt_ms: null, last_error: "the webhook answered HTTP 404" })
      .where("alert_id", "=", 2)
      .execute();

    // A target this version does not know (a newer one wrote it) is left out, not shown half-understood.
    await app()
      .db.insertInto("alert_deliveries")
      .values({ alert_id: 2, target: "pager", state: "pending", attempts: 0, next_attempt_ms: T0 })
      .execute();
    const view = await alertsPageView(
      app().db,
      readAlertsSetup({ ALERTS_SLACK_WEBHOOK_URL: ENV.ALERTS_SLACK_WEBHOOK_URL }),
    );
    expect(view.total).toBe(2);
    expect(view.targets).toEqual([
      { key: "slack", label: "Slack" },
      { key: "email", label: "E-mail" },
    ]);
    expect(view.alerts).toEqual([
      {
        id: 2,
        rule: "May be stuck",
        migrationId: "m-new",
        status: "WORKING",
        companyId: null,
        what: "WORKING, created 1 min ago",
        firedAt: new Date(T0 + 1_000).toISOString(),
        deliveries: { slack: { state: "gave_up", attempts: 9, lastError: "the webhook answered HTTP 404" } },
      },
      {
        id: 1,
        rule: "Failed",
        migrationId: "m-old",
        status: "FAILED",
        companyId: null,
        what: "status FAILED, observed 2026-06-01 11:59 UTC",
        firedAt: new Date(T0).toISOString(),
        deliveries: {
          slack: { state: "delivered", attempts: 2, batchSize: 6, at: new Date(T0 + 5_000).toISOString() },
          email: {
            state: "retrying",
            attempts: 3,
            lastError: "could not reach the mail server (ECONNREFUSED)",
            at: new Date(T0 + 60_000).toISOString(),
          },
        },
      },
    ]);
  });

  it("names the company from the directory, and shows a company it does not know by id", async () => {
    const base = { status: "FAILED", createdByUserId: "usr_1", sinceMs: T0 - 60_000, sinceKind: "status" as const };
    await fireAlerts(
      app().db,
      [
        { ...base, migrationId: "m-named", rule: "failed", companyId: "cmp_named" },
        { ...base, migrationId: "m-unnamed", rule: "failed", companyId: "cmp_unknown" },
      ],
      ["slack"],
      T0,
    );
    await importEntries(app().db, "companies", [{ company_id: "cmp_named", name: "Globex Foods" }]);
    const view = await alertsPageView(app().db, readAlertsSetup({}));
    const byMigration = Object.fromEntries(view.alerts.map((alert) => [alert.migrationId, alert]));
    expect(byMigration["m-named"]?.companyName).toBe("Globex Foods");
    expect(byMigration["m-unnamed"]).not.toHaveProperty("companyName");
  });

  it("has no rows and no delivery columns before any alert and without a configuration", async () => {
    const view = await alertsPageView(app().db, readAlertsSetup({}));
    expect(view).toMatchObject({ alerts: [], total: 0, targets: [], setup: { state: "off" } });
    expect(view.ruleHelp.map((rule) => rule.name)).toEqual([
      "failed",
      "completed_with_failures",
      "pending_user_input",
      "may_be_stuck",
    ]);
  });
});
