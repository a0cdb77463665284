import { describe, expect, it } from "vitest";
import { readAlertsSetup } from "./config";

const SLACK = "https://hooks.slack.com/services/T000/B000/s3cretWEBHOOKpath";
const SMTP = "smtp://alerts:s3cret-pass@mail.example.com:2525";
const EMAIL = { ALERTS_SMTP_URL: SMTP, ALERTS_EMAIL_FROM: "alerts@example.com", ALERTS_EMAIL_TO: "ops@example.com" };

/** A config file in memory: the path read and its text. */
function fileReader(files: Record<string, string>) {
  return (file: string) => {
    const text = files[file];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${file}`), { code: "ENOENT" });
    return text;
  };
}

function invalid(env: Record<string, string>, files: Record<string, string> = {}): string {
  const setup = readAlertsSetup(env, fileReader(files));
  if (setup.state !== "invalid") throw new Error(`expected invalid, got ${setup.state}`);
  return setup.error;
}

describe("readAlertsSetup", () => {
  it("is off when no target is configured, whatever else is set", () => {
    expect(readAlertsSetup({})).toEqual({ state: "off" });
    expect(readAlertsSetup({ ALERTS_RULES: "failed", APP_URL: "https://console.example.com/" })).toEqual({
      state: "off",
      appUrl: "https://console.example.com",
    });
  });

  it("reads a Slack target with the defaults: all four rules, 24 h, every company", () => {
    const setup = readAlertsSetup({ ALERTS_SLACK_WEBHOOK_URL: SLACK });
    expect(setup).toEqual({
      state: "on",
      config: {
        slack: { webhookUrl: SLACK },
        rules: ["failed", "completed_with_failures", "pending_user_input", "may_be_stuck"],
        pendingUserInputHours: 24,
        intervalMs: 5_000,
        retryBaseMs: 15_000,
      },
    });
  });

  it("reads e-mail from the SMTP URL (user and password decoded, port and TLS from the scheme)", () => {
    const setup = readAlertsSetup({
      ...EMAIL,
      ALERTS_SMTP_URL: "smtps://alerts%40example.com:p%3Ass@mail.example.com",
      ALERTS_EMAIL_TO: "ops@example.com, oncall@example.com,ops@example.com",
      ALERTS_EMAIL_FROM: "Migration Console <alerts@example.com>",
      ALERTS_RULES: "FAILED, may_be_stuck",
      ALERTS_PENDING_USER_INPUT_HOURS: "0.5",
      ALERTS_COMPANIES: "cmp_a, cmp_b",
      APP_URL: "https://console.example.com/ops/",
    });
    expect(setup).toMatchObject({
      state: "on",
      config: {
        appUrl: "https://console.example.com/ops",
        email: {
          smtp: {
            host: "mail.example.com",
            port: 465,
            secure: true,
            auth: { user: "alerts@example.com", pass: "p:ss" },
          },
          from: "Migration Console <alerts@example.com>",
          to: ["ops@example.com", "oncall@example.com"],
        },
        rules: ["failed", "may_be_stuck"],
        pendingUserInputHours: 0.5,
        companies: ["cmp_a", "cmp_b"],
      },
    });
    expect(readAlertsSetup({ ...EMAIL, ALERTS_SMTP_URL: "smtp://127.0.0.1" })).toMatchObject({
      config: { email: { smtp: { host: "127.0.0.1", port: 587, secure: false } } },
    });
  });

  it("reads the config file, and a variable that is set wins over the file's field", () => {
    const file = JSON.stringify({
      slackWebhookUrl: SLACK,
      smtpUrl: SMTP,
      emailFrom: "alerts@example.com",
      emailTo: ["ops@example.com"],
      rules: ["failed", "pending_user_input"],
      pendingUserInputHours: 4,
      companies: "cmp_a,cmp_b",
    });
    const setup = readAlertsSetup(
      { ALERTS_CONFIG_FILE: "/etc/console/alerts.json", ALERTS_PENDING_USER_INPUT_HOURS: "8" },
      fileReader({ "/etc/console/alerts.json": file }),
    );
    expect(setup).toMatchObject({
      state: "on",
      config: {
        slack: { webhookUrl: SLACK },
        email: { smtp: { host: "mail.example.com", port: 2525 }, to: ["ops@example.com"] },
        rules: ["failed", "pending_user_input"],
        pendingUserInputHours: 8,
        companies: ["cmp_a", "cmp_b"],
      },
    });
  });

  it("says which setting is wrong, naming the variable and never quoting a secret", () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [
        { ALERTS_SLACK_WEBHOOK_URL: "hooks.slack.com/s3cret" },
        /ALERTS_SLACK_WEBHOOK_URL must be an absolute http\(s\) URL/,
      ],
      [
        { ...EMAIL, ALERTS_SMTP_URL: "http://alerts:s3cret@mail.example.com" },
        /ALERTS_SMTP_URL must look like smtp:\/\//,
      ],
      [
        { ...EMAIL, ALERTS_SMTP_URL: "smtp://alerts:s3cret@mail.example.com/x?y" },
        /ALERTS_SMTP_URL must be only the server/,
      ],
      [
        { ...EMAIL, ALERTS_SMTP_URL: "smtp://:s3cret@mail.example.com" },
        /ALERTS_SMTP_URL has a password but no user name/,
      ],
      [
        { ...EMAIL, ALERTS_SMTP_URL: "smtp://al%E0erts:s3cret@mail.example.com" },
        /ALERTS_SMTP_URL: the user name and password must be percent-encoded/,
      ],
      [{ ...EMAIL, ALERTS_EMAIL_TO: " , " }, /ALERTS_EMAIL_TO must list at least one e-mail address/],
      [{ ALERTS_SLACK_WEBHOOK_URL: "ftp://hooks.example.com/s3cret" }, /ALERTS_SLACK_WEBHOOK_URL must be an absolute/],
      [
        { ALERTS_SLACK_WEBHOOK_URL: SLACK, APP_URL: "https://console.example.com/?s3cret" },
        /APP_URL must not have a query/,
      ],
      [{ ...EMAIL, ALERTS_EMAIL_FROM: "not an address" }, /ALERTS_EMAIL_FROM must be an e-mail address/],
      [
        { ...EMAIL, ALERTS_EMAIL_TO: "ops@example.com, Ops <x@y.z>" },
        /ALERTS_EMAIL_TO must list plain e-mail addresses/,
      ],
      [
        { ALERTS_SLACK_WEBHOOK_URL: SLACK, ALERTS_RULES: "failed,exploded" },
        /ALERTS_RULES may only list these rules: failed,/,
      ],
      [
        { ALERTS_SLACK_WEBHOOK_URL: SLACK, ALERTS_PENDING_USER_INPUT_HOURS: "0" },
        /ALERTS_PENDING_USER_INPUT_HOURS must be/,
      ],
      [
        { ALERTS_SLACK_WEBHOOK_URL: SLACK, ALERTS_PENDING_USER_INPUT_HOURS: "soon" },
        /ALERTS_PENDING_USER_INPUT_HOURS must/,
      ],
      [{ ALERTS_SLACK_WEBHOOK_URL: SLACK, ALERTS_COMPANIES: " , " }, /ALERTS_COMPANIES must list at least one company/],
      [
        { ALERTS_SLACK_WEBHOOK_URL: SLACK, ALERTS_INTERVAL_MS: "10" },
        /ALERTS_INTERVAL_MS must be a whole number of at least 100/,
      ],
      [
        { ALERTS_SLACK_WEBHOOK_URL: SLACK, APP_URL: "https://u:s3cret@console.example.com" },
        /APP_URL must not contain/,
      ],
      [{ ALERTS_SLACK_WEBHOOK_URL: SLACK, APP_URL: "console.example.com" }, /APP_URL must be the dashboard's public/],
      [
        { ALERTS_SMTP_URL: SMTP, ALERTS_EMAIL_TO: "ops@example.com" },
        /E-mail alerts need a mail server, a sender and recipients; missing: ALERTS_EMAIL_FROM \(or "emailFrom" in the file\)\./,
      ],
    ];
    for (const [env, expected] of cases) {
      const message = invalid(env);
      expect(message, JSON.stringify(env)).toMatch(expected);
      expect(message).not.toContain("s3cret");
    }
  });

  it("says what is wrong with the config file: unreadable, not JSON, unknown field, wrong type, bad value", () => {
    const env = { ALERTS_CONFIG_FILE: "/etc/alerts.json" };
    expect(invalid(env)).toBe("ALERTS_CONFIG_FILE /etc/alerts.json cannot be read (ENOENT).");
    expect(invalid(env, { "/etc/alerts.json": "{ slackWebhookUrl: s3cret" })).toBe(
      "ALERTS_CONFIG_FILE /etc/alerts.json is not valid JSON.",
    );
    expect(invalid(env, { "/etc/alerts.json": JSON.stringify({ slackUrl: SLACK }) })).toBe(
      'ALERTS_CONFIG_FILE /etc/alerts.json: unknown field "slackUrl" (known: slackWebhookUrl, smtpUrl, emailFrom, emailTo, rules, pendingUserInputHours, companies).',
    );
    expect(invalid(env, { "/etc/alerts.json": JSON.stringify({ pendingUserInputHours: "4" }) })).toBe(
      'ALERTS_CONFIG_FILE /etc/alerts.json: "pendingUserInputHours" must be of type number.',
    );
    expect(invalid(env, { "/etc/alerts.json": JSON.stringify([SLACK]) })).toBe(
      "ALERTS_CONFIG_FILE /etc/alerts.json: the file must be of type object.",
    );
    const badUrl = invalid(env, { "/etc/alerts.json": JSON.stringify({ smtpUrl: "mail.example.com:s3cret" }) });
    expect(badUrl).toMatch(/^"smtpUrl" in ALERTS_CONFIG_FILE must look like smtp:\/\//);
    expect(badUrl).not.toContain("s3cret");
    expect(invalid(env, { "/etc/alerts.json": JSON.stringify({ rules: [] }) })).toMatch(
      /^"rules" in ALERTS_CONFIG_FILE must list at least one rule/,
    );
  });
});
