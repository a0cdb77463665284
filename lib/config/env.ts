import "server-only";
import { z } from "zod";
import {
  type Checked,
  checkAppUrl,
  checkCompanies,
  checkHours,
  checkRecipients,
  checkRules,
  checkSender,
  checkSmtpUrl,
  checkWebhookUrl,
  splitList,
} from "@/lib/alerts/config-values";
import { isWebhookSecret } from "@/lib/webhooks/secret-format";

/**
 * Every environment variable the app reads, in one place: what it means, what happens when it is
 * unset, and a zod schema that turns its raw text into a typed value. Read lazily — `readEnv` parses
 * one variable when it is asked for, from the environment of that moment (tests, and `next build`,
 * which must not fail on runtime-only settings). A bad value throws an Error that names the variable
 * and never quotes the value (it may be a secret). The README's configuration table is checked
 * against this list by a unit test.
 */
export type Env = Record<string, string | undefined>;

interface Variable<T> {
  meaning: string;
  whenUnset: string;
  /** From the trimmed text (undefined when unset or blank) to the value. */
  schema: z.ZodType<T, string | undefined>;
}

const text = z.string().optional();

/** A number of at least `min` (a whole one when `integer`), or `fallback` when unset. */
function number(name: string, fallback: number, { min, integer }: { min: number; integer: boolean }) {
  return text.transform((raw, context) => {
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || (integer && !Number.isSafeInteger(value))) {
      context.addIssue({
        code: "custom",
        message: `${name} must be ${integer ? "a whole number" : "a number"} of at least ${min}.`,
      });
      return z.NEVER;
    }
    return value;
  });
}

/** One of `choices` (case-insensitive), `fallback` when unset. */
function choice<const C extends string>(name: string, choices: Record<string, C>, fallback: C, message: string) {
  return text.transform((raw, context) => {
    if (raw === undefined) return fallback;
    const value = choices[raw.toLowerCase()];
    if (value === undefined) {
      context.addIssue({ code: "custom", message: `${name} must be ${message}` });
      return z.NEVER;
    }
    return value;
  });
}

const ON_OFF = { on: "on", "1": "on", true: "on", off: "off", "0": "off", false: "off" } as const;

/** Comma-separated, trimmed, lower-cased, blanks dropped. */
const lowerCaseList = text.transform((raw) =>
  (raw ?? "")
    .split(",")
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean),
);

/** Undefined when unset (a default applies later, or the config file's value), else checked by `check`. */
function checked<T>(name: string, check: (raw: string, name: string) => Checked<T>) {
  return text.transform((raw, context): T | undefined => {
    if (raw === undefined) return undefined;
    const result = check(raw, name);
    if (!result.ok) {
      context.addIssue({ code: "custom", message: result.message });
      return z.NEVER;
    }
    return result.value;
  });
}

/** A comma-separated list, checked as a whole; undefined when unset. */
function checkedList<T>(name: string, check: (raw: readonly string[], name: string) => Checked<T>) {
  return checked(name, (raw, label) => check(splitList(raw), label));
}

/** One or more `whsec_…` secrets, space-separated; undefined when unset. */
function webhookSecrets(name: string, { single }: { single: boolean }) {
  return text.transform((raw, context) => {
    if (raw === undefined) return undefined;
    const secrets = raw.split(/\s+/);
    if ((single && secrets.length > 1) || !secrets.every(isWebhookSecret)) {
      context.addIssue({
        code: "custom",
        message: single
          ? `${name} must be one secret of the form whsec_<base64 of 24 to 64 bytes>.`
          : `${name} must be secrets of the form whsec_<base64 of 24 to 64 bytes>, separated by spaces.`,
      });
      return z.NEVER;
    }
    return secrets;
  });
}

/** setTimeout's (and so AbortSignal.timeout's) largest delay. */
const MAX_TIMEOUT_MS = 2_147_483_647;

export const ENV = {
  MIGRATIONS_API_URL: {
    meaning: "base URL of the Migrations API, e.g. `https://worker.anon.com/api/v1`",
    whenUnset: "the embedded API of this app",
    schema: text.transform((raw, context) => {
      if (raw === undefined) return undefined;
      const fail = (message: string) => {
        context.addIssue({ code: "custom", message });
        return z.NEVER;
      };
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return fail("MIGRATIONS_API_URL must be an absolute http(s) URL, e.g. https://worker.anon.com/api/v1.");
      }
      if (url.protocol !== "http:" && url.protocol !== "https:")
        return fail("MIGRATIONS_API_URL must use http or https.");
      if (url.username || url.password) {
        return fail("MIGRATIONS_API_URL must not contain credentials; put the key in MIGRATIONS_API_KEY.");
      }
      if (url.search || url.hash) return fail("MIGRATIONS_API_URL must not have a query or a fragment.");
      return url.toString().replace(/\/+$/, "");
    }),
  },
  MIGRATIONS_API_KEY: {
    meaning: "the secret key, server-side only",
    whenUnset: "the embedded API's demo key",
    schema: text,
  },
  MIGRATIONS_API_TIMEOUT_MS: {
    meaning: "total time budget of one upstream call, retries included",
    whenUnset: "10000",
    schema: text.transform((raw, context) => {
      if (raw === undefined) return 10_000;
      const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isSafeInteger(value) || value < 1 || value > MAX_TIMEOUT_MS) {
        context.addIssue({
          code: "custom",
          message: `MIGRATIONS_API_TIMEOUT_MS must be a positive whole number of milliseconds (at most ${MAX_TIMEOUT_MS}).`,
        });
        return z.NEVER;
      }
      return value;
    }),
  },
  MIGRATIONS_API_MAX_RPS: {
    meaning: "the most requests per second this deployment sends the upstream, all callers together",
    whenUnset: "5",
    schema: number("MIGRATIONS_API_MAX_RPS", 5, { min: 0.01, integer: false }),
  },
  AUTH_SECRET: {
    meaning: "next-auth secret",
    whenUnset: "generated once and kept in the data folder",
    schema: text,
  },
  PORT: { meaning: "HTTP port (`npm start`)", whenUnset: "3000", schema: text },
  DATA_DIR: {
    meaning: "folder for the SQLite files, generated secrets and the demo key (git-ignored; owner-only)",
    whenUnset: "`.data`",
    schema: text.transform((raw) => raw ?? ".data"),
  },
  BIND_HOST: {
    meaning: "address `npm start` listens on (`0.0.0.0` to open it to the network)",
    whenUnset: "`127.0.0.1`",
    schema: text.transform((raw) => raw?.toLowerCase()),
  },
  EMBEDDED_API_STRICT: {
    meaning: "`1`: the embedded API offers exactly the documented contract (no filter extensions)",
    whenUnset: "off",
    schema: text.transform((raw) => raw === "1"),
  },
  EMBEDDED_SIMULATION: {
    meaning: "`off`: no simulated new migrations and status changes",
    whenUnset: "on in embedded mode",
    schema: text.transform((raw) => !(raw && ["off", "0", "false"].includes(raw.toLowerCase()))),
  },
  MIGRATIONS_WEBHOOK_SECRET: {
    meaning:
      "the `whsec_…` secret signed webhooks from the Migrations API are checked against; several, space-separated, while one is rotated out",
    whenUnset: "embedded API: generated once and kept in the data folder; a remote API: webhooks off",
    schema: webhookSecrets("MIGRATIONS_WEBHOOK_SECRET", { single: false }),
  },
  EMBEDDED_WEBHOOK_URL: {
    meaning: "where the embedded API sends the signed webhooks of its simulated changes; `off`: it sends none",
    whenUnset: "this app's own `/api/webhooks/migrations`, on loopback at `PORT`",
    schema: text.transform((raw, context) => {
      if (raw === undefined) return undefined;
      if (raw.toLowerCase() === "off") return "off" as const;
      let url: URL | undefined;
      try {
        url = new URL(raw);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password) {
        context.addIssue({
          code: "custom",
          message: "EMBEDDED_WEBHOOK_URL must be an absolute http(s) URL without credentials, or off.",
        });
        return z.NEVER;
      }
      return url.toString();
    }),
  },
  EMBEDDED_WEBHOOK_SECRET: {
    meaning: "the `whsec_…` secret the embedded API signs its webhooks with",
    whenUnset: "the first of `MIGRATIONS_WEBHOOK_SECRET`, else the generated one",
    schema: webhookSecrets("EMBEDDED_WEBHOOK_SECRET", { single: true }).transform((secrets) => secrets?.[0]),
  },
  DATABASE_URL: {
    meaning:
      "`postgres://…`: the app's own data (mirror, sessions, sign-in throttle) in PostgreSQL, shared by several instances",
    whenUnset: "SQLite file `DATA_DIR/app.sqlite`",
    schema: text.transform((raw, context) => {
      if (raw === undefined) return undefined;
      let protocol: string;
      try {
        protocol = new URL(raw).protocol;
      } catch {
        context.addIssue({
          code: "custom",
          message: "DATABASE_URL must be a postgres:// URL, e.g. postgres://user:password@host:5432/console.",
        });
        return z.NEVER;
      }
      if (protocol !== "postgres:" && protocol !== "postgresql:") {
        context.addIssue({ code: "custom", message: "DATABASE_URL must start with postgres:// or postgresql://." });
        return z.NEVER;
      }
      return raw;
    }),
  },
  SYNC_ENABLED: {
    meaning: "`off`: this instance never syncs, it only reads the mirror",
    whenUnset: "on",
    schema: choice("SYNC_ENABLED", ON_OFF, "on", '"on" or "off".').transform((value) => value === "on"),
  },
  SYNC_HEAD_INTERVAL_MS: {
    meaning: "how often page 1 onwards is read for new migrations",
    whenUnset: "5000",
    schema: number("SYNC_HEAD_INTERVAL_MS", 5_000, { min: 100, integer: true }),
  },
  SYNC_RUNNING_INTERVAL_MS: {
    meaning: "how often running migrations near the top of the list are re-checked",
    whenUnset: "10000",
    schema: number("SYNC_RUNNING_INTERVAL_MS", 10_000, { min: 100, integer: true }),
  },
  SYNC_OLD_RUNNING_INTERVAL_MS: {
    meaning: 'how often old running ("stuck") migrations are re-checked by id',
    whenUnset: "120000",
    schema: number("SYNC_OLD_RUNNING_INTERVAL_MS", 120_000, { min: 100, integer: true }),
  },
  SYNC_RECONCILE_INTERVAL_MS: {
    meaning: "time between slow full walks that catch everything else (schedule survives restarts)",
    whenUnset: "21600000 (6 h)",
    schema: number("SYNC_RECONCILE_INTERVAL_MS", 6 * 3_600_000, { min: 1_000, integer: true }),
  },
  SYNC_MAX_BACKOFF_MS: {
    meaning:
      "the longest a failing sync operation waits before it is tried again (the wait doubles from 1 s up to this)",
    whenUnset: "60000",
    schema: number("SYNC_MAX_BACKOFF_MS", 60_000, { min: 500, integer: true }),
  },
  SYNC_LEASE_MS: {
    meaning: "how long the syncing instance's lease lasts without renewal (takeover time)",
    whenUnset: "20000",
    schema: number("SYNC_LEASE_MS", 20_000, { min: 1_000, integer: true }),
  },
  AUTH_USERS_FILE: {
    meaning: "the local accounts' file (`npm run users` writes it)",
    whenUnset: "`DATA_DIR/users.json`",
    schema: text,
  },
  AUTH_OIDC_ISSUER: {
    meaning:
      "the SSO provider's issuer URL (with `AUTH_OIDC_CLIENT_ID` and `AUTH_OIDC_CLIENT_SECRET`: all three or no SSO)",
    whenUnset: "no SSO",
    schema: text,
  },
  AUTH_OIDC_CLIENT_ID: { meaning: "the app's client id at the SSO provider", whenUnset: "no SSO", schema: text },
  AUTH_OIDC_CLIENT_SECRET: {
    meaning: "the app's client secret at the SSO provider",
    whenUnset: "no SSO",
    schema: text,
  },
  AUTH_OIDC_NAME: {
    meaning: "the SSO button's name",
    whenUnset: "`SSO`",
    schema: text.transform((raw) => raw ?? "SSO"),
  },
  AUTH_ALLOWED_EMAIL_DOMAINS: {
    meaning: "comma-separated domains whose verified addresses may sign in through SSO",
    whenUnset: "none",
    schema: lowerCaseList.transform((domains) => domains.map((domain) => domain.replace(/^@/, "")).filter(Boolean)),
  },
  AUTH_ALLOWED_EMAILS: {
    meaning: "comma-separated addresses that may sign in through SSO whatever their domain",
    whenUnset: "none",
    schema: lowerCaseList,
  },
  AUTH_OIDC_ALLOW_ANY_ACCOUNT: {
    meaning:
      "`1`: every verified account of the identity provider may sign in (SSO without a list refuses to start otherwise)",
    whenUnset: "off",
    schema: choice(
      "AUTH_OIDC_ALLOW_ANY_ACCOUNT",
      { "1": "1", true: "1", "0": "0", false: "0" },
      "0",
      '"1" (or unset).',
    ).transform((value) => value === "1"),
  },
  AUTH_DEMO_ACCOUNT: {
    meaning: "`on`: the demo account also off loopback; `off`: never",
    whenUnset: "on only on loopback with the demo data",
    schema: choice(
      "AUTH_DEMO_ACCOUNT",
      { on: "on", off: "off" },
      "auto",
      '"on" or "off" (unset: on only on loopback with the demo data).',
    ),
  },
  AUTH_SESSION_MAX_AGE_HOURS: {
    meaning: "how long a sign-in lasts, from the sign-in itself (renewals do not extend it)",
    whenUnset: "12",
    schema: text.transform((raw, context) => {
      if (raw === undefined) return 12;
      const hours = Number(raw);
      if (!Number.isFinite(hours) || hours < 1 / 60 || hours > 720) {
        context.addIssue({
          code: "custom",
          message: "AUTH_SESSION_MAX_AGE_HOURS must be a number of hours between 0.02 (a minute) and 720 (30 days).",
        });
        return z.NEVER;
      }
      return hours;
    }),
  },
  AUTH_TRUSTED_PROXY_HOPS: {
    meaning:
      "how many proxies in front append to `X-Forwarded-For` (the sign-in limit is then per account and address)",
    whenUnset: "0: per account",
    schema: text.transform((raw, context) => {
      if (raw === undefined) return 0;
      if (!/^\d{1,2}$/.test(raw)) {
        context.addIssue({
          code: "custom",
          message: "AUTH_TRUSTED_PROXY_HOPS must be a small whole number (0 = no proxy).",
        });
        return z.NEVER;
      }
      return Number(raw);
    }),
  },
  APP_URL: {
    meaning:
      "the dashboard's public base URL, e.g. `https://console.example.com`: alerts link to `APP_URL/migrations/<id>`",
    whenUnset: "alerts carry no link and say so",
    schema: checked("APP_URL", checkAppUrl),
  },
  ALERTS_CONFIG_FILE: {
    meaning: "a JSON file with the alert settings (fields named like the variables below; a variable that is set wins)",
    whenUnset: "the variables alone",
    schema: text,
  },
  ALERTS_SLACK_WEBHOOK_URL: {
    meaning: "a Slack-compatible incoming-webhook URL that alerts are posted to (a secret: never logged or shown)",
    whenUnset: "no chat alerts",
    schema: checked("ALERTS_SLACK_WEBHOOK_URL", checkWebhookUrl),
  },
  ALERTS_SMTP_URL: {
    meaning:
      "the mail server for alert e-mails, `smtp://user:password@host:587` (STARTTLS when offered) or `smtps://…` (TLS, port 465)",
    whenUnset: "no e-mail alerts",
    schema: checked("ALERTS_SMTP_URL", checkSmtpUrl),
  },
  ALERTS_EMAIL_FROM: {
    meaning: "the alert e-mails' sender, `alerts@example.com` or `Name <alerts@example.com>`",
    whenUnset: "no e-mail alerts",
    schema: checked("ALERTS_EMAIL_FROM", checkSender),
  },
  ALERTS_EMAIL_TO: {
    meaning: "comma-separated recipients of alert e-mails",
    whenUnset: "no e-mail alerts",
    schema: checkedList("ALERTS_EMAIL_TO", checkRecipients),
  },
  ALERTS_RULES: {
    meaning:
      "comma-separated rules to apply: `failed`, `completed_with_failures`, `pending_user_input`, `may_be_stuck`",
    whenUnset: "all four",
    schema: checkedList("ALERTS_RULES", checkRules),
  },
  ALERTS_PENDING_USER_INPUT_HOURS: {
    meaning: "hours a migration may wait for its user (`PENDING_USER_INPUT`) before `pending_user_input` fires",
    whenUnset: "24",
    schema: checked("ALERTS_PENDING_USER_INPUT_HOURS", (raw, name) => checkHours(Number(raw), name)),
  },
  ALERTS_COMPANIES: {
    meaning: "comma-separated company ids: alerts only for their migrations",
    whenUnset: "every company",
    schema: checkedList("ALERTS_COMPANIES", checkCompanies),
  },
  ALERTS_INTERVAL_MS: {
    meaning: "how often the alert rules are evaluated and due alerts sent",
    whenUnset: "5000",
    schema: number("ALERTS_INTERVAL_MS", 5_000, { min: 100, integer: true }),
  },
  ALERTS_RETRY_BASE_MS: {
    meaning: "the wait before an undelivered alert is tried again; it doubles with each try, up to an hour",
    whenUnset: "15000",
    schema: number("ALERTS_RETRY_BASE_MS", 15_000, { min: 100, integer: true }),
  },
} satisfies Record<string, Variable<unknown>>;

export type EnvName = keyof typeof ENV;
export type EnvValue<N extends EnvName> = z.output<(typeof ENV)[N]["schema"]>;

/** One variable, parsed now from `env` (the process's by default). Throws an Error naming it when it is invalid. */
export function readEnv<N extends EnvName>(name: N, env: Env = process.env): EnvValue<N> {
  const raw = env[name]?.trim() || undefined;
  const schema: z.ZodType = ENV[name].schema;
  const result = schema.safeParse(raw);
  if (!result.success) throw new Error(result.error.issues[0]?.message ?? `${name} is not valid.`);
  return result.data as EnvValue<N>;
}

/** The configuration table of the README, row by row, in this file's order. */
export function envDocumentation(): Array<{ name: EnvName; meaning: string; whenUnset: string }> {
  return (Object.keys(ENV) as EnvName[]).map((name) => ({
    name,
    meaning: ENV[name].meaning,
    whenUnset: ENV[name].whenUnset,
  }));
}

/** The README's configuration table as markdown (`npm run env-table` writes it into the README). */
export function envTableMarkdown(): string {
  const escapePipes = (cell: string) => cell.replaceAll("|", "\\|");
  return [
    "| name | meaning | when unset |",
    "| --- | --- | --- |",
    ...envDocumentation().map(
      (row) => `| \`${row.name}\` | ${escapePipes(row.meaning)} | ${escapePipes(row.whenUnset)} |`,
    ),
  ].join("\n");
}
