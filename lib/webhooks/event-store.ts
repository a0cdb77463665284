import "server-only";
import type { Kysely, Selectable } from "kysely";
import type { AppSchema, WebhookEventTable } from "@/lib/db/schema";
import type { MigrationEvent } from "./event";

export type StoredEvent = Selectable<WebhookEventTable>;

/**
 * How long an applied event is kept: a repeat of it within this time is still recognised. Svix
 * stops retrying a delivery after about a day and a half; a month leaves room for manual resends.
 */
export const EVENT_RETENTION_MS = 30 * 24 * 3_600_000;

/** How long one instance has an event to itself while it applies it; a crash frees it after this. */
export const CLAIM_MS = 60_000;

/**
 * Stores a received event, due at once. "duplicate" when one with this id is already stored (a
 * repeated delivery, or the same one arriving twice at once on two instances: the unique key lets
 * exactly one of them store it). Old applied events are pruned on the way.
 */
export async function storeEvent(
  db: Kysely<AppSchema>,
  event: MigrationEvent,
  nowMs: number,
): Promise<"stored" | "duplicate"> {
  const inserted = await db
    .insertInto("webhook_events")
    .values({
      event_id: event.id,
      type: event.type,
      migration_id: event.migrationId,
      error_message: event.errorMessage,
      event_ms: event.createdMs,
      received_ms: nowMs,
      attempts: 0,
      next_attempt_ms: nowMs,
    })
    .onConflict((conflict) => conflict.column("event_id").doNothing())
    .returning("event_id")
    .executeTakeFirst();
  if (!inserted) return "duplicate";
  await db
    .deleteFrom("webhook_events")
    .where("received_ms", "<", nowMs - EVENT_RETENTION_MS)
    .where("processed_ms", "is not", null)
    .execute();
  return "stored";
}

/** Takes an event that is due for this instance (for CLAIM_MS); undefined when it is not due or another has it. */
export async function claimEvent(
  db: Kysely<AppSchema>,
  eventId: string,
  nowMs: number,
): Promise<StoredEvent | undefined> {
  return db
    .updateTable("webhook_events")
    .set({ next_attempt_ms: nowMs + CLAIM_MS })
    .where("event_id", "=", eventId)
    .where("next_attempt_ms", "<=", nowMs)
    .returningAll()
    .executeTakeFirst();
}

/** Ids of events due now, oldest received first. */
export async function dueEventIds(db: Kysely<AppSchema>, nowMs: number, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom("webhook_events")
    .select("event_id")
    .where("next_attempt_ms", "<=", nowMs)
    .orderBy("next_attempt_ms")
    .limit(limit)
    .execute();
  return rows.map((row) => row.event_id);
}

export async function finishEvent(
  db: Kysely<AppSchema>,
  eventId: string,
  outcome: string,
  attempts: number,
  nowMs: number,
): Promise<void> {
  await db
    .updateTable("webhook_events")
    .set({ outcome, attempts, processed_ms: nowMs, next_attempt_ms: null })
    .where("event_id", "=", eventId)
    .execute();
}

export async function retryEventAt(
  db: Kysely<AppSchema>,
  eventId: string,
  attempts: number,
  atMs: number,
): Promise<void> {
  await db
    .updateTable("webhook_events")
    .set({ attempts, next_attempt_ms: atMs })
    .where("event_id", "=", eventId)
    .execute();
}
