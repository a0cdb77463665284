import "server-only";
import { readFileSync } from "node:fs";
import { z } from "zod";
import { type Env, readEnv } from "@/lib/config/env";
import {
  type Checked,
  checkCompanies,
  checkHours,
  checkRecipients,
  checkRules,
  checkSender,
  checkSmtpUrl,
  checkWebhookUrl,
  type SmtpServer,
} from "./config-values";
import { ALERT_RULES, type AlertRuleName, type AlertTarget } from "./rule-catalogue";

/**
 * The alerts' configuration: environment variables (lib/config/env.ts) and, optionally, a JSON file
 * named by ALERTS_CONFIG_FILE whose fields carry the same settings. A variable that is set wins over
 * the file's field. Alerts are on when at least one target (Slack, e-mail) is configured.
 */
export interface AlertsConfig {
  /** APP_URL without a trailing slash; undefined: messages say they have no link. */
  appUrl?: string;
  slack?: { webhookUrl: string };
  email?: { smtp: SmtpServer; from: string; to: string[] };
  rules: AlertRuleName[];
  pendingUserInputHours: number;
  /** Only these companies' migrations; undefined: every company (and migrations without one). */
  companies?: string[];
  intervalMs: number;
  retryBaseMs: number;
}

export type AlertsSetup =
  /** Nothing configured: the page says how to configure. */
  | { state: "off"; appUrl?: string }
  /** Something configured, but not usable: the page and the log say what is wrong. */
  | { state: "invalid"; error: string }
  | { state: "on"; config: AlertsConfig };

export const DEFAULT_PENDING_USER_INPUT_HOURS = 24;

/** The file's fields, named like the variables (ALERTS_SLACK_WEBHOOK_URL → slackWebhookUrl). */
export const CONFIG_FILE_FIELDS = {
  slackWebhookUrl: "ALERTS_SLACK_WEBHOOK_URL",
  smtpUrl: "ALERTS_SMTP_URL",
  emailFrom: "ALERTS_EMAIL_FROM",
  emailTo: "ALERTS_EMAIL_TO",
  rules: "ALERTS_RULES",
  pendingUserInputHours: "ALERTS_PENDING_USER_INPUT_HOURS",
  companies: "ALERTS_COMPANIES",
} as const;

type FileField = keyof typeof CONFIG_FILE_FIELDS;

/** A field's check, as a zod transform that reports the field by name (never its value). */
function field<I, T>(input: z.ZodType<I>, name: FileField, check: (raw: I, label: string) => Checked<T>) {
  const label = `"${name}" in ALERTS_CONFIG_FILE`;
  return input.transform((raw, context) => {
    const result = check(raw, label);
    if (!result.ok) {
      context.addIssue({ code: "custom", message: result.message });
      return z.NEVER;
    }
    return result.value;
  });
}

const list = z.array(z.string()).or(z.string().transform((raw) => raw.split(",")));

const fileSchema = z.strictObject({
  slackWebhookUrl: field(z.string(), "slackWebhookUrl", checkWebhookUrl).optional(),
  smtpUrl: field(z.string(), "smtpUrl", checkSmtpUrl).optional(),
  emailFrom: field(z.string(), "emailFrom", checkSender).optional(),
  emailTo: field(list, "emailTo", checkRecipients).optional(),
  rules: field(list, "rules", checkRules).optional(),
  pendingUserInputHours: field(z.number(), "pendingUserInputHours", checkHours).optional(),
  companies: field(list, "companies", checkCompanies).optional(),
});

type FileSettings = z.output<typeof fileSchema>;

function fileIssueMessage(file: string, issue: z.core.$ZodIssue | undefined): string {
  // A field's own check already names the field.
  if (issue?.code === "custom") return issue.message;
  if (issue?.code === "unrecognized_keys") {
    const keys = issue.keys.map((key) => `"${key}"`).join(", ");
    return `ALERTS_CONFIG_FILE ${file}: unknown field ${keys} (known: ${Object.keys(CONFIG_FILE_FIELDS).join(", ")}).`;
  }
  const where = issue?.path.length ? `"${issue.path.join(".")}" ` : "the file ";
  if (issue?.code === "invalid_type") return `ALERTS_CONFIG_FILE ${file}: ${where}must be of type ${issue.expected}.`;
  return `ALERTS_CONFIG_FILE ${file}: ${where}is not valid.`;
}

/** The file's settings, or an Error saying what is wrong with it (its path, a field's name; never a value). */
export function readConfigFile(file: string, read: (file: string) => string = (f) => readFileSync(f, "utf8")) {
  let text: string;
  try {
    text = read(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`ALERTS_CONFIG_FILE ${file} cannot be read (${code ?? "error"}).`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`ALERTS_CONFIG_FILE ${file} is not valid JSON.`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new Error(fileIssueMessage(file, parsed.error.issues[0]));
  return parsed.data;
}

/**
 * Reads the configuration now. Never throws: a bad value (in a variable or the file) gives state
 * "invalid" with a message that names where it is, so the server still starts and the page says it.
 */
export function readAlertsSetup(env: Env = process.env, read?: (file: string) => string): AlertsSetup {
  try {
    return buildSetup(env, read);
  } catch (error) {
    return { state: "invalid", error: error instanceof Error ? error.message : String(error) };
  }
}

function buildSetup(env: Env, read?: (file: string) => string): AlertsSetup {
  const file = readEnv("ALERTS_CONFIG_FILE", env);
  const fromFile: FileSettings = file ? readConfigFile(file, read) : {};
  const appUrl = readEnv("APP_URL", env);
  const slackWebhookUrl = readEnv("ALERTS_SLACK_WEBHOOK_URL", env) ?? fromFile.slackWebhookUrl;
  const smtp = readEnv("ALERTS_SMTP_URL", env) ?? fromFile.smtpUrl;
  const from = readEnv("ALERTS_EMAIL_FROM", env) ?? fromFile.emailFrom;
  const to = readEnv("ALERTS_EMAIL_TO", env) ?? fromFile.emailTo;
  const rules = readEnv("ALERTS_RULES", env) ?? fromFile.rules ?? [...ALERT_RULES];
  const pendingUserInputHours =
    readEnv("ALERTS_PENDING_USER_INPUT_HOURS", env) ??
    fromFile.pendingUserInputHours ??
    DEFAULT_PENDING_USER_INPUT_HOURS;
  const companies = readEnv("ALERTS_COMPANIES", env) ?? fromFile.companies;
  const intervalMs = readEnv("ALERTS_INTERVAL_MS", env);
  const retryBaseMs = readEnv("ALERTS_RETRY_BASE_MS", env);

  const emailParts = { smtpUrl: smtp, emailFrom: from, emailTo: to } as const;
  const missing = (Object.keys(emailParts) as Array<keyof typeof emailParts>).filter(
    (name) => emailParts[name] === undefined,
  );
  if (missing.length > 0 && missing.length < 3) {
    throw new Error(
      `E-mail alerts need a mail server, a sender and recipients; missing: ${missing
        .map((name) => `${CONFIG_FILE_FIELDS[name]} (or "${name}" in the file)`)
        .join(", ")}.`,
    );
  }
  const email = smtp && from && to ? { smtp, from, to } : undefined;
  const slack = slackWebhookUrl ? { webhookUrl: slackWebhookUrl } : undefined;
  if (!slack && !email) {
    return { state: "off", ...(appUrl ? { appUrl } : {}) };
  }
  return {
    state: "on",
    config: {
      ...(appUrl ? { appUrl } : {}),
      ...(slack ? { slack } : {}),
      ...(email ? { email } : {}),
      rules,
      pendingUserInputHours,
      ...(companies ? { companies } : {}),
      intervalMs,
      retryBaseMs,
    },
  };
}

/** The targets a configuration delivers to, in a fixed order. */
export function configuredTargets(config: AlertsConfig): AlertTarget[] {
  return [...(config.slack ? (["slack"] as const) : []), ...(config.email ? (["email"] as const) : [])];
}
