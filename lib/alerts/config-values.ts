import "server-only";
import { ALERT_RULES, type AlertRuleName, isAlertRuleName } from "./rule-catalogue";

/**
 * The alert settings' values, checked the same way whether they come from an environment variable
 * (lib/config/env.ts) or from the config file (config.ts). Each check takes the raw value and the
 * name to report (`ALERTS_SMTP_URL`, or `"smtpUrl" in ALERTS_CONFIG_FILE`) and never quotes the
 * value in its message: URLs here hold secrets.
 */
export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = <T>(message: string): Checked<T> => ({ ok: false, message });

function parseUrl(raw: string): URL | undefined {
  try {
    return new URL(raw);
  } catch {
    return undefined;
  }
}

/** APP_URL: an http(s) origin, perhaps with a path, without credentials, query or fragment; no trailing slash. */
export function checkAppUrl(raw: string, name: string): Checked<string> {
  const url = parseUrl(raw);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
    return fail(`${name} must be the dashboard's public http(s) URL, e.g. https://console.example.com.`);
  }
  if (url.username || url.password) return fail(`${name} must not contain credentials.`);
  if (url.search || url.hash) return fail(`${name} must not have a query or a fragment.`);
  return ok(url.toString().replace(/\/+$/, ""));
}

/** A Slack-compatible incoming-webhook URL: any absolute http(s) URL (Slack, Mattermost, Rocket.Chat, a relay). */
export function checkWebhookUrl(raw: string, name: string): Checked<string> {
  const url = parseUrl(raw);
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || !url.hostname) {
    return fail(`${name} must be an absolute http(s) URL, e.g. https://hooks.slack.com/services/T000/B000/XXXX.`);
  }
  return ok(url.toString());
}

/** Where alert e-mails are sent from: the mail server, and how to sign in to it. */
export interface SmtpServer {
  host: string;
  port: number;
  /** smtps: TLS from the first byte (port 465 by default); smtp: STARTTLS when the server offers it. */
  secure: boolean;
  auth?: { user: string; pass: string };
}

/** `smtp://user:password@host:587` or `smtps://…` (user and password percent-encoded, both optional). */
export function checkSmtpUrl(raw: string, name: string): Checked<SmtpServer> {
  const url = parseUrl(raw);
  const usage = `${name} must look like smtp://user:password@mail.example.com:587 (or smtps://… for TLS on connect).`;
  if (!url || (url.protocol !== "smtp:" && url.protocol !== "smtps:") || !url.hostname) return fail(usage);
  if ((url.pathname && url.pathname !== "/") || url.search || url.hash) {
    return fail(`${name} must be only the server: no path, query or fragment.`);
  }
  const secure = url.protocol === "smtps:";
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  let user: string;
  let pass: string;
  try {
    user = decodeURIComponent(url.username);
    pass = decodeURIComponent(url.password);
  } catch {
    return fail(`${name}: the user name and password must be percent-encoded.`);
  }
  if (pass && !user) return fail(`${name} has a password but no user name.`);
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return ok({ host, port, secure, ...(user ? { auth: { user, pass } } : {}) });
}

const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;".]+$/;

/** The sender: `alerts@example.com` or `Migration Console <alerts@example.com>`. */
export function checkSender(raw: string, name: string): Checked<string> {
  const value = raw.trim();
  const named = /^([^<>"\r\n]*)<([^<>]+)>$/.exec(value);
  const address = named ? (named[2] ?? "").trim() : value;
  if (!ADDRESS.test(address)) {
    return fail(
      `${name} must be an e-mail address, e.g. alerts@example.com or "Migration Console <alerts@example.com>".`,
    );
  }
  return ok(value);
}

/** Recipients: plain addresses, at least one. */
export function checkRecipients(raw: readonly string[], name: string): Checked<string[]> {
  const addresses = raw.map((entry) => entry.trim()).filter(Boolean);
  if (addresses.length === 0) return fail(`${name} must list at least one e-mail address.`);
  if (!addresses.every((address) => ADDRESS.test(address))) {
    return fail(`${name} must list plain e-mail addresses, e.g. ops@example.com, oncall@example.com.`);
  }
  return ok([...new Set(addresses)]);
}

export function checkRules(raw: readonly string[], name: string): Checked<AlertRuleName[]> {
  const names = raw.map((entry) => entry.trim().toLowerCase()).filter(Boolean);
  if (names.length === 0) return fail(`${name} must list at least one rule: ${ALERT_RULES.join(", ")}.`);
  if (!names.every(isAlertRuleName)) return fail(`${name} may only list these rules: ${ALERT_RULES.join(", ")}.`);
  return ok(ALERT_RULES.filter((rule) => names.includes(rule)));
}

/** Hours a migration may wait for its user: more than 0, at most a year. */
export function checkHours(raw: number, name: string): Checked<number> {
  if (!Number.isFinite(raw) || raw <= 0 || raw > 24 * 366) {
    return fail(`${name} must be a number of hours above 0 (at most 8784, a year), e.g. 24 or 0.5.`);
  }
  return ok(raw);
}

export function checkCompanies(raw: readonly string[], name: string): Checked<string[]> {
  const ids = raw.map((entry) => entry.trim()).filter(Boolean);
  if (ids.length === 0) return fail(`${name} must list at least one company id (leave it unset for every company).`);
  return ok([...new Set(ids)]);
}

/** Comma-separated text as a list (blanks dropped). */
export function splitList(raw: string): string[] {
  return raw
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
}
