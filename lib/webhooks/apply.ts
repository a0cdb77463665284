import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { errorFields, log } from "@/lib/logging/log";
import { type ReportOutcome, recordReportedStatus } from "@/lib/mirror/record-event";
import { UpstreamError } from "@/lib/upstream/errors";
import { type MigrationEventType, statusOfEvent } from "./event";
import { claimEvent, dueEventIds, finishEvent, retryEventAt, type StoredEvent } from "./event-store";

export interface WebhookApplying {
  db: Kysely<AppSchema>;
  /** Reads a migration the mirror does not have from the upstream and mirrors it (source "read-through"). */
  readThrough: (migrationId: string) => Promise<unknown>;
  now: () => number;
}

/**
 * What became of a stored event: its report's outcome once applied (see ReportOutcome);
 * "not_found": the upstream does not know the migration (after retries: a new migration may take
 * a moment to be readable); "gave_up": reading it kept failing; "retry": it failed this time and is
 * due again later; "not_due": not due, or another instance is applying it.
 */
export type WebhookOutcome =
  | Exclude<ReportOutcome, "unknown_migration">
  | "not_found"
  | "gave_up"
  | "retry"
  | "not_due";

/** Tries of one event, then it is given up (the sync catches the change on its own anyway). */
export const MAX_ATTEMPTS = 6;
const FIRST_RETRY_MS = 5_000;
const MAX_RETRY_MS = 10 * 60_000;

/** 5 s, 10 s, 20 s, … (at most 10 min) after the `attempts`-th failed try. */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
}

/**
 * Applies one stored event to the mirror, if it is due and no other instance has it. A migration
 * the mirror has not seen yet is read through from the upstream first (it then enters the mirror
 * as the upstream has it, and the event is applied on top under the order rule). A failed read is
 * retried later with backoff; the event stays stored meanwhile, so a restart loses nothing.
 */
export async function applyWebhookEvent(deps: WebhookApplying, eventId: string): Promise<WebhookOutcome> {
  const claimed = await claimEvent(deps.db, eventId, deps.now());
  if (!claimed) return "not_due";
  const attempts = claimed.attempts + 1;
  try {
    let outcome = await record(deps, claimed);
    if (outcome === "unknown_migration") {
      await deps.readThrough(claimed.migration_id);
      outcome = await record(deps, claimed);
    }
    // Read through, yet gone again at once (removed meanwhile): nothing to apply it to.
    const final = outcome === "unknown_migration" ? "not_found" : outcome;
    await finishEvent(deps.db, eventId, final, attempts, deps.now());
    return final;
  } catch (error) {
    const notFound = error instanceof UpstreamError && error.kind === "not_found";
    const fields = { event_id: eventId, migration_id: claimed.migration_id, attempts, ...errorFields(error) };
    if (attempts >= MAX_ATTEMPTS) {
      const final = notFound ? "not_found" : "gave_up";
      log("warn", "webhook_event_given_up", { ...fields, outcome: final });
      await finishEvent(deps.db, eventId, final, attempts, deps.now());
      return final;
    }
    if (!notFound) log("warn", "webhook_event_retry", fields);
    await retryEventAt(deps.db, eventId, attempts, deps.now() + retryDelayMs(attempts));
    return "retry";
  }
}

function record(deps: WebhookApplying, event: StoredEvent): Promise<ReportOutcome> {
  const errorMessage = event.error_message;
  return recordReportedStatus(deps.db, {
    migrationId: event.migration_id,
    status: statusOfEvent({ type: event.type as MigrationEventType, errorMessage }),
    errorMessage,
    eventMs: Number(event.event_ms),
    nowMs: deps.now(),
  });
}

/** Applies every event that is due (left by a crash, or waiting for a retry), oldest first. */
export async function applyDueWebhookEvents(deps: WebhookApplying, limit = 100): Promise<WebhookOutcome[]> {
  const outcomes: WebhookOutcome[] = [];
  for (const id of await dueEventIds(deps.db, deps.now(), limit)) outcomes.push(await applyWebhookEvent(deps, id));
  return outcomes;
}
