import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { directoryNames } from "@/lib/directory/names";
import { type AlertsSetup, configuredTargets } from "./config";
import { alertFromRow, ruleLabel, whatHappened } from "./messages";
import {
  ALERT_RULE_DESCRIPTIONS,
  ALERT_RULE_LABELS,
  ALERT_RULES,
  ALERT_TARGET_LABELS,
  ALERT_TARGETS,
  type AlertTarget,
} from "./rule-catalogue";
import type { AlertsPageView, AlertView, DeliveryView, SetupView } from "./view-types";

/** The page shows this many, newest first. */
export const ALERTS_PAGE_LIMIT = 100;

const iso = (ms: number) => new Date(ms).toISOString();

/** The configuration as the page may show it: no webhook URL, no password, no SMTP user. */
export function setupView(setup: AlertsSetup): SetupView {
  if (setup.state === "off") return { state: "off", appUrlSet: setup.appUrl !== undefined };
  if (setup.state === "invalid") return { state: "invalid", error: setup.error };
  const { config } = setup;
  return {
    state: "on",
    targets: configuredTargets(config).map((target) => ALERT_TARGET_LABELS[target]),
    ...(config.email
      ? { emailTo: config.email.to, smtpServer: `${config.email.smtp.host}:${config.email.smtp.port}` }
      : {}),
    rules: config.rules.map((rule) =>
      rule === "pending_user_input"
        ? `${ALERT_RULE_LABELS[rule]} (over ${config.pendingUserInputHours} h)`
        : ALERT_RULE_LABELS[rule],
    ),
    ...(config.companies ? { companies: config.companies } : {}),
    ...(config.appUrl ? { appUrl: config.appUrl } : {}),
  };
}

function deliveryView(
  row: { state: string; attempts: number; next_attempt_ms: number | null; delivered_ms: number | null } & {
    last_error: string | null;
    batch_size: number | null;
  },
): DeliveryView {
  const attempts = Number(row.attempts);
  const base = {
    attempts,
    ...(row.last_error !== null ? { lastError: row.last_error } : {}),
    ...(row.batch_size !== null && Number(row.batch_size) > 1 ? { batchSize: Number(row.batch_size) } : {}),
  };
  if (row.state === "delivered") {
    return { ...base, state: "delivered", ...(row.delivered_ms !== null ? { at: iso(Number(row.delivered_ms)) } : {}) };
  }
  if (row.state === "gave_up") return { ...base, state: "gave_up" };
  const next = row.next_attempt_ms !== null ? { at: iso(Number(row.next_attempt_ms)) } : {};
  return { ...base, state: attempts > 0 ? "retrying" : "sending", ...next };
}

/** The Alerts page: the configuration (or how to set it up) and the latest alerts with their deliveries. */
export async function alertsPageView(db: Kysely<AppSchema>, setup: AlertsSetup): Promise<AlertsPageView> {
  const [rows, total] = await Promise.all([
    db
      .selectFrom("alerts")
      .selectAll()
      .orderBy("fired_ms", "desc")
      .orderBy("id", "desc")
      .limit(ALERTS_PAGE_LIMIT)
      .execute(),
    db
      .selectFrom("alerts")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  const ids = rows.map((row) => Number(row.id));
  const deliveries =
    ids.length === 0
      ? []
      : await db
          .selectFrom("alert_deliveries")
          .select([
            "alert_id",
            "target",
            "state",
            "attempts",
            "next_attempt_ms",
            "delivered_ms",
            "last_error",
            "batch_size",
          ])
          .where("alert_id", "in", ids)
          .execute();
  const names = await directoryNames(db, {
    companyIds: rows.flatMap((row) => (row.company_id === null ? [] : [row.company_id])),
    userIds: [],
  });
  const byAlert = new Map<number, Partial<Record<AlertTarget, DeliveryView>>>();
  for (const delivery of deliveries) {
    const target = delivery.target as AlertTarget;
    if (!ALERT_TARGETS.includes(target)) continue;
    const entry = byAlert.get(Number(delivery.alert_id)) ?? {};
    entry[target] = deliveryView(delivery);
    byAlert.set(Number(delivery.alert_id), entry);
  }
  const alerts = rows.map(
    (row): AlertView => ({
      id: Number(row.id),
      rule: ruleLabel(row.rule),
      migrationId: row.migration_id,
      status: row.status,
      companyId: row.company_id,
      ...(row.company_id !== null && names.companies.has(row.company_id)
        ? { companyName: names.companies.get(row.company_id) as string }
        : {}),
      what: whatHappened(alertFromRow(row)),
      firedAt: iso(Number(row.fired_ms)),
      ...(row.reason !== null ? { reason: row.reason } : {}),
      deliveries: byAlert.get(Number(row.id)) ?? {},
    }),
  );
  const shownTargets = new Set<AlertTarget>(setup.state === "on" ? configuredTargets(setup.config) : []);
  for (const alert of alerts)
    for (const target of Object.keys(alert.deliveries)) shownTargets.add(target as AlertTarget);
  return {
    setup: setupView(setup),
    alerts,
    total: Number(total.n),
    targets: ALERT_TARGETS.filter((target) => shownTargets.has(target)).map((target) => ({
      key: target,
      label: ALERT_TARGET_LABELS[target],
    })),
    ruleHelp: ALERT_RULES.map((rule) => ({ name: rule, description: ALERT_RULE_DESCRIPTIONS[rule] })),
  };
}
