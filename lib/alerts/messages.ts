import { formatDuration } from "@/lib/migrations/format-time";
import { ALERT_RULE_LABELS, type AlertRuleName, isAlertRuleName } from "./rule-catalogue";

/**
 * The words of the alerts: a Slack-compatible payload (`{"text": …}`, Slack's mrkdwn, which
 * Mattermost and Rocket.Chat read too) and a plain-text e-mail, for one alert or a digest of
 * several. Times are UTC: a message reaches people in many zones. Each alert links to the
 * migration's page under APP_URL, or says that it cannot.
 */
export interface AlertForMessage {
  migrationId: string;
  rule: string;
  status: string;
  companyId: string | null;
  createdByUserId: string;
  sinceMs: number;
  /** "status", "first_seen" or "created" (see AlertTable.since_kind). */
  sinceKind: string;
  firedMs: number;
  /** Why it failed, when something reported it. */
  reason?: string;
  /** The company's and the user's names, when the directory has them: shown next to the ids. */
  companyName?: string;
  createdByUserName?: string;
}

/** A row of `alerts` as the database gives it (PostgreSQL's bigints may come as strings). */
export interface StoredAlertRow {
  migration_id: string;
  rule: string;
  status: string;
  company_id: string | null;
  created_by_user_id: string;
  since_ms: number | string;
  since_kind: string;
  fired_ms: number | string;
  reason: string | null;
  /** From the directory, LEFT JOINed where the alert is read (null or absent: no name known). */
  company_name?: string | null;
  user_name?: string | null;
}

/** A stored alert in the shape its messages (and the Alerts page) take. */
export function alertFromRow(row: StoredAlertRow): AlertForMessage {
  return {
    migrationId: row.migration_id,
    rule: row.rule,
    status: row.status,
    companyId: row.company_id,
    createdByUserId: row.created_by_user_id,
    sinceMs: Number(row.since_ms),
    sinceKind: row.since_kind,
    firedMs: Number(row.fired_ms),
    ...(row.reason !== null ? { reason: row.reason } : {}),
    ...(row.company_name ? { companyName: row.company_name } : {}),
    ...(row.user_name ? { createdByUserName: row.user_name } : {}),
  };
}

export interface SlackPayload {
  text: string;
}

export interface EmailContent {
  subject: string;
  text: string;
}

/** Digests list this many alerts, then say how many more there are. */
export const DIGEST_LIST_LIMIT = 50;

export const NO_LINK_NOTE = "no link: APP_URL is not set on the Migration Console server";

export function migrationLink(appUrl: string | undefined, migrationId: string): string | undefined {
  return appUrl ? `${appUrl}/migrations/${encodeURIComponent(migrationId)}` : undefined;
}

function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** The rule's label, or its name as stored when this version does not know it. */
export function ruleLabel(rule: string): string {
  return isAlertRuleName(rule) ? ALERT_RULE_LABELS[rule as AlertRuleName] : rule;
}

/** What happened, in one phrase: "status FAILED, observed 2026-06-01 12:00 UTC", "in WORKING for 7 h 2 min". */
export function whatHappened(alert: AlertForMessage): string {
  const { status, sinceMs, sinceKind, firedMs } = alert;
  if (alert.rule === "failed" || alert.rule === "completed_with_failures") {
    return sinceKind === "first_seen"
      ? `first seen with status ${status} at ${utc(sinceMs)}`
      : `status ${status}, observed ${utc(sinceMs)}`;
  }
  const duration = formatDuration(firedMs - sinceMs);
  return sinceKind === "created" ? `${status}, created ${duration} ago` : `in ${status} for ${duration}`;
}

/** "Acme Corp (3f9a…)": the name people know, with the id to search for; the id alone when unnamed. */
function named(name: string | undefined, id: string): string {
  return name ? `${name} (${id})` : id;
}

function companyText(alert: AlertForMessage): string {
  return alert.companyId === null ? "(none)" : named(alert.companyName, alert.companyId);
}

function owners(alert: AlertForMessage): string {
  return `company ${companyText(alert)}, user ${named(alert.createdByUserName, alert.createdByUserId)}`;
}

/** Slack's mrkdwn: &, < and > are its markup and must be escaped in text that is not a link. */
function slackEscape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function slackMigration(alert: AlertForMessage, appUrl: string | undefined): string {
  const link = migrationLink(appUrl, alert.migrationId);
  const id = slackEscape(alert.migrationId);
  return link ? `<${link}|${id}>` : `${id} (${NO_LINK_NOTE})`;
}

function slackLine(alert: AlertForMessage, appUrl: string | undefined): string {
  return [
    `*${slackEscape(ruleLabel(alert.rule))}*`,
    slackMigration(alert, appUrl),
    slackEscape(whatHappened(alert)),
    slackEscape(owners(alert)),
    ...(alert.reason ? [`reason: ${slackEscape(alert.reason)}`] : []),
  ].join(" · ");
}

export function slackMessage(alert: AlertForMessage, appUrl: string | undefined): SlackPayload {
  const lines = [
    `*Migration alert: ${slackEscape(ruleLabel(alert.rule))}* · migration ${slackMigration(alert, appUrl)}`,
    `${slackEscape(whatHappened(alert))} · ${slackEscape(owners(alert))}`,
    ...(alert.reason ? [`Reason: ${slackEscape(alert.reason)}`] : []),
  ];
  return { text: lines.join("\n") };
}

function more(count: number, appUrl: string | undefined): string | undefined {
  if (count <= DIGEST_LIST_LIMIT) return undefined;
  return `…and ${count - DIGEST_LIST_LIMIT} more${appUrl ? `: ${appUrl}/alerts` : " (see the Alerts page)"}`;
}

export function slackDigest(alerts: readonly AlertForMessage[], appUrl: string | undefined): SlackPayload {
  const rest = more(alerts.length, appUrl);
  const lines = [
    `*${alerts.length} migration alerts* (many at once, so sent together)`,
    ...alerts.slice(0, DIGEST_LIST_LIMIT).map((alert) => `• ${slackLine(alert, appUrl)}`),
    ...(rest ? [slackEscape(rest)] : []),
  ];
  return { text: lines.join("\n") };
}

function capitalize(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

function emailBlock(alert: AlertForMessage, appUrl: string | undefined): string[] {
  const link = migrationLink(appUrl, alert.migrationId);
  return [
    `${ruleLabel(alert.rule)}: migration ${alert.migrationId}`,
    `  ${capitalize(whatHappened(alert))}.`,
    `  Company: ${companyText(alert)}`,
    `  User: ${named(alert.createdByUserName, alert.createdByUserId)}`,
    ...(alert.reason ? [`  Reason: ${alert.reason}`] : []),
    `  ${link ? `Open: ${link}` : `${capitalize(NO_LINK_NOTE)}.`}`,
  ];
}

function emailFooter(firedMs: number, appUrl: string | undefined): string[] {
  return ["", "--", `Sent by Migration Console at ${utc(firedMs)}.${appUrl ? ` All alerts: ${appUrl}/alerts` : ""}`];
}

export function emailMessage(alert: AlertForMessage, appUrl: string | undefined): EmailContent {
  return {
    subject: `[Migration Console] ${ruleLabel(alert.rule)}: migration ${alert.migrationId}`,
    text: [...emailBlock(alert, appUrl), ...emailFooter(alert.firedMs, appUrl)].join("\n"),
  };
}

export function emailDigest(
  alerts: readonly AlertForMessage[],
  appUrl: string | undefined,
  nowMs: number,
): EmailContent {
  const rest = more(alerts.length, appUrl);
  return {
    subject: `[Migration Console] ${alerts.length} migration alerts`,
    text: [
      `${alerts.length} migration alerts (many at once, so sent together):`,
      ...alerts.slice(0, DIGEST_LIST_LIMIT).flatMap((alert) => ["", ...emailBlock(alert, appUrl)]),
      ...(rest ? ["", rest] : []),
      ...emailFooter(nowMs, appUrl),
    ].join("\n"),
  };
}
