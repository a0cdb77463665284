import "server-only";
import { randomBytes } from "node:crypto";
import type { DocumentedStatus } from "@/lib/migrations/statuses";
import type { EmbeddedDatabase } from "./database";
import { FAILURE_REASONS, PARTIAL_FAILURE_REASONS } from "./failure-reasons";
import { type Random, randomInt } from "./random";

/** An event as the provider's webhooks carry it. */
export interface WebhookEventBody {
  id: string;
  object: "event";
  created: string;
  type: "migration.created" | "migration.started" | "migration.completed" | "migration.failed";
  data: { object: "migration"; migration_id: string; error_message?: string | null };
}

function pick(random: Random, reasons: readonly string[]): string {
  return reasons[randomInt(random, reasons.length)] as string;
}

/**
 * The event a simulated change sends, if any: a new migration is `migration.created`, its start
 * `migration.started`, its end `migration.completed` (COMPLETE, or COMPLETED_WITH_FAILURES with the
 * reason of the failures) or `migration.failed` (with its reason, drawn from a realistic set).
 * Waiting for the user and resuming send nothing, as with the provider.
 */
export function eventForChange(
  migrationId: string,
  from: DocumentedStatus | null,
  to: DocumentedStatus,
  now: Date,
  random: Random,
): WebhookEventBody | undefined {
  const base = { id: `evt_${randomBytes(14).toString("hex")}`, object: "event" as const, created: now.toISOString() };
  const data = { object: "migration" as const, migration_id: migrationId };
  if (from === null) return { ...base, type: "migration.created", data };
  if (from === "NOT_STARTED" && to === "WORKING") return { ...base, type: "migration.started", data };
  if (to === "COMPLETE") return { ...base, type: "migration.completed", data: { ...data, error_message: null } };
  if (to === "COMPLETED_WITH_FAILURES") {
    return {
      ...base,
      type: "migration.completed",
      data: { ...data, error_message: pick(random, PARTIAL_FAILURE_REASONS) },
    };
  }
  if (to === "FAILED") {
    return { ...base, type: "migration.failed", data: { ...data, error_message: pick(random, FAILURE_REASONS) } };
  }
  return undefined;
}

/** Queues an event for delivery, due now. Call it inside the transaction of the change it reports. */
export function enqueueWebhook(db: EmbeddedDatabase, event: WebhookEventBody, now: Date): void {
  db.prepare(
    "INSERT INTO webhook_outbox (message_id, payload, created_us, attempts, next_attempt_ms) VALUES (?, ?, ?, 0, ?)",
  ).run(`msg_${randomBytes(14).toString("hex")}`, JSON.stringify(event), now.getTime() * 1000, now.getTime());
}

export interface OutboxRow {
  id: number;
  message_id: string;
  payload: string;
  attempts: number;
  next_attempt_ms: number;
}

export function outboxRows(db: EmbeddedDatabase): OutboxRow[] {
  return db
    .prepare("SELECT id, message_id, payload, attempts, next_attempt_ms FROM webhook_outbox ORDER BY id")
    .all() as OutboxRow[];
}
