import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { DeliveryError } from "./delivery-error";
import {
  type AlertForMessage,
  alertFromRow,
  type EmailContent,
  emailDigest,
  emailMessage,
  type SlackPayload,
  slackDigest,
  slackMessage,
} from "./messages";
import { ALERT_TARGET_LABELS, ALERT_TARGETS, type AlertTarget } from "./rule-catalogue";

/** How each configured target sends one message; a failure throws (a DeliveryError says why in safe words). */
export interface Senders {
  slack?: (payload: SlackPayload) => Promise<void>;
  email?: (content: EmailContent) => Promise<void>;
}

/** More than this many alerts for one target within DIGEST_WINDOW_MS go out as one digest. */
export const DIGEST_THRESHOLD = 5;
export const DIGEST_WINDOW_MS = 60_000;
/** Retries wait retryBaseMs, then twice that, and so on up to this. */
export const MAX_RETRY_DELAY_MS = 3_600_000;
/** An alert not delivered this long after it fired is given up (the page says so). */
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;
/** While a message is being sent its deliveries are due this much later: no one else sends them meanwhile. */
export const CLAIM_MS = 2 * 60_000;
/** At most this many due deliveries per target and pass (the rest on the next pass). */
const DUE_PER_PASS = 500;

export interface DeliveryOptions {
  db: Kysely<AppSchema>;
  senders: Senders;
  appUrl?: string;
  retryBaseMs: number;
  nowMs: number;
  /** When each target last got a digest; updated here when one is sent. */
  lastDigestMs: Partial<Record<AlertTarget, number>>;
}

export interface DeliveryReport {
  delivered: number;
  failed: number;
  gaveUp: number;
  digests: number;
  /** Deliveries held for the next digest. */
  held: number;
  /** Per target, the error of its last failed message this pass. */
  errors: Partial<Record<AlertTarget, string>>;
}

/** The wait before the next try after `attempts` failed ones: base, 2×base, 4×base, … up to an hour. */
export function retryDelayMs(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
}

interface DueDelivery {
  deliveryId: number;
  attempts: number;
  alert: AlertForMessage;
}

/**
 * One delivery pass: every target's due deliveries are sent, one message per alert, or one digest
 * when more than DIGEST_THRESHOLD come within a minute: at once when that many are due together,
 * otherwise gathered until a minute after the first of them; and at most one digest a minute
 * while the burst lasts. A message that fails is tried again later
 * with exponential backoff, until it goes through or GIVE_UP_AFTER_MS have passed since it fired.
 * Deliveries for a target that is no longer configured are given up.
 */
export async function deliverDue(options: DeliveryOptions): Promise<DeliveryReport> {
  const { db, nowMs } = options;
  const report: DeliveryReport = { delivered: 0, failed: 0, gaveUp: 0, digests: 0, held: 0, errors: {} };
  const configured = ALERT_TARGETS.filter((target) => options.senders[target] !== undefined);

  for (const target of ALERT_TARGETS.filter((t) => !configured.includes(t))) {
    const abandoned = await db
      .updateTable("alert_deliveries")
      .set({
        state: "gave_up",
        next_attempt_ms: null,
        last_error: `${ALERT_TARGET_LABELS[target]} is no longer configured`,
      })
      .where("target", "=", target)
      .where("next_attempt_ms", "is not", null)
      .executeTakeFirst();
    report.gaveUp += Number(abandoned.numUpdatedRows);
  }

  for (const target of configured) {
    const due = await dueDeliveries(db, target, nowMs);
    if (due.length === 0) continue;
    // Due oldest first: how many alerts for this target fired from a minute before the oldest one until now.
    const oldestFiredMs = Math.min(...due.map((delivery) => delivery.alert.firedMs));
    const around = await db
      .selectFrom("alerts")
      .innerJoin("alert_deliveries", "alert_deliveries.alert_id", "alerts.id")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("alerts.fired_ms", ">=", oldestFiredMs - DIGEST_WINDOW_MS)
      .where("alert_deliveries.target", "=", target)
      .executeTakeFirstOrThrow();
    const last = options.lastDigestMs[target];
    const afterLastDigest = last !== undefined ? last + DIGEST_WINDOW_MS : Number.NEGATIVE_INFINITY;
    let holdUntil: number;
    if (due.length > DIGEST_THRESHOLD) {
      // Many at once: one digest now, unless one went out less than a minute ago.
      holdUntil = afterLastDigest;
    } else if (Number(around.n) > DIGEST_THRESHOLD) {
      // A burst arriving a few at a time: gathered for a minute from its first held alert (these join
      // a digest already being gathered), then sent as one digest.
      const gathering = await db
        .selectFrom("alert_deliveries")
        .select((eb) => eb.fn.min<number | null>("next_attempt_ms").as("until"))
        .where("next_attempt_ms", ">", nowMs)
        .where("target", "=", target)
        .where("attempts", "=", 0)
        .executeTakeFirst();
      holdUntil =
        gathering?.until != null
          ? Number(gathering.until)
          : Math.max(oldestFiredMs + DIGEST_WINDOW_MS, afterLastDigest);
    } else {
      for (const delivery of due) await sendAndRecord(options, target, [delivery], report);
      continue;
    }
    if (nowMs < holdUntil) {
      await db
        .updateTable("alert_deliveries")
        .set({ next_attempt_ms: holdUntil })
        .where(
          "id",
          "in",
          due.map((delivery) => delivery.deliveryId),
        )
        .execute();
      report.held += due.length;
      continue;
    }
    await sendAndRecord(options, target, due, report);
  }
  return report;
}

async function dueDeliveries(db: Kysely<AppSchema>, target: AlertTarget, nowMs: number): Promise<DueDelivery[]> {
  const rows = await db
    .selectFrom("alert_deliveries")
    .innerJoin("alerts", "alerts.id", "alert_deliveries.alert_id")
    .leftJoin("directory_companies", "directory_companies.company_id", "alerts.company_id")
    .leftJoin("directory_users", "directory_users.user_id", "alerts.created_by_user_id")
    .select([
      "alert_deliveries.id as delivery_id",
      "alert_deliveries.attempts",
      "alerts.migration_id",
      "alerts.rule",
      "alerts.status",
      "alerts.company_id",
      "alerts.created_by_user_id",
      "alerts.since_ms",
      "alerts.since_kind",
      "alerts.fired_ms",
      "alerts.reason",
      "directory_companies.name as company_name",
      "directory_users.name as user_name",
    ])
    .where("alert_deliveries.target", "=", target)
    .where("alert_deliveries.next_attempt_ms", "<=", nowMs)
    .orderBy("alert_deliveries.next_attempt_ms")
    .orderBy("alert_deliveries.id")
    .limit(DUE_PER_PASS)
    .execute();
  return rows.map((row) => ({
    deliveryId: Number(row.delivery_id),
    attempts: Number(row.attempts),
    alert: alertFromRow(row),
  }));
}

/** Claims the deliveries, sends them as one message (a digest when more than one), and records how it went. */
async function sendAndRecord(
  options: DeliveryOptions,
  target: AlertTarget,
  deliveries: DueDelivery[],
  report: DeliveryReport,
): Promise<void> {
  const { db, nowMs } = options;
  const claimUntil = nowMs + CLAIM_MS;
  const ids = deliveries.map((delivery) => delivery.deliveryId);
  await db
    .updateTable("alert_deliveries")
    .set({ next_attempt_ms: claimUntil })
    .where("id", "in", ids)
    .where("next_attempt_ms", "<=", nowMs)
    .execute();
  const claimedRows = await db
    .selectFrom("alert_deliveries")
    .select("id")
    .where("id", "in", ids)
    .where("next_attempt_ms", "=", claimUntil)
    .execute();
  const claimed = new Set(claimedRows.map((row) => Number(row.id)));
  const mine = deliveries.filter((delivery) => claimed.has(delivery.deliveryId));
  if (mine.length === 0) return;

  const alerts = mine.map((delivery) => delivery.alert);
  let failure: string | undefined;
  try {
    await send(options, target, alerts);
  } catch (error) {
    failure = error instanceof DeliveryError ? error.message : "the message could not be sent";
  }

  if (failure === undefined) {
    await db
      .updateTable("alert_deliveries")
      .set((eb) => ({
        state: "delivered",
        attempts: eb("attempts", "+", 1),
        last_attempt_ms: nowMs,
        delivered_ms: nowMs,
        next_attempt_ms: null,
        last_error: null,
        batch_size: mine.length,
      }))
      .where(
        "id",
        "in",
        mine.map((delivery) => delivery.deliveryId),
      )
      .execute();
    report.delivered += mine.length;
    if (mine.length > 1) {
      report.digests++;
      options.lastDigestMs[target] = nowMs;
    }
    return;
  }

  report.errors[target] = failure;
  for (const delivery of mine) {
    const attempts = delivery.attempts + 1;
    const next = nowMs + retryDelayMs(attempts, options.retryBaseMs);
    const giveUp = next > delivery.alert.firedMs + GIVE_UP_AFTER_MS;
    await db
      .updateTable("alert_deliveries")
      .set({
        state: giveUp ? "gave_up" : "pending",
        attempts,
        last_attempt_ms: nowMs,
        next_attempt_ms: giveUp ? null : next,
        last_error: failure,
        batch_size: mine.length,
      })
      .where("id", "=", delivery.deliveryId)
      .execute();
    if (giveUp) report.gaveUp++;
    else report.failed++;
  }
}

async function send(options: DeliveryOptions, target: AlertTarget, alerts: AlertForMessage[]): Promise<void> {
  const [only] = alerts;
  if (target === "slack") {
    const sender = options.senders.slack;
    if (!sender) throw new DeliveryError("Slack is not configured");
    await sender(
      alerts.length === 1 && only ? slackMessage(only, options.appUrl) : slackDigest(alerts, options.appUrl),
    );
    return;
  }
  const sender = options.senders.email;
  if (!sender) throw new DeliveryError("E-mail is not configured");
  await sender(
    alerts.length === 1 && only
      ? emailMessage(only, options.appUrl)
      : emailDigest(alerts, options.appUrl, options.nowMs),
  );
}
