import { z } from "zod";
import { normalizeCreated } from "@/lib/migrations/created-time";
import { isMigrationId } from "@/lib/migrations/migration-id";

/** The event types this app acts on; any other type is acknowledged and ignored. */
export const MIGRATION_EVENT_TYPES = [
  "migration.created",
  "migration.started",
  "migration.completed",
  "migration.failed",
] as const;

export type MigrationEventType = (typeof MIGRATION_EVENT_TYPES)[number];

/** One event about one migration, as this app keeps it. */
export interface MigrationEvent {
  /** The provider's event id (`evt_…`): the same event delivered twice has the same id. */
  id: string;
  type: MigrationEventType;
  /** When the provider says it happened. */
  createdMs: number;
  /** Lower case. */
  migrationId: string;
  /** Why it failed or partly failed; null when absent, null or blank. */
  errorMessage: string | null;
}

export type ParsedEvent =
  | { kind: "migration"; event: MigrationEvent }
  | { kind: "ignored"; id: string; type: string }
  | { kind: "invalid"; problem: string };

/** Longer reasons are cut here: the UI shows them whole, and a reason is a sentence or two. */
export const MAX_ERROR_MESSAGE_LENGTH = 2_000;

const eventTypes: ReadonlySet<string> = new Set(MIGRATION_EVENT_TYPES);

const envelope = z.object({
  // Printable ASCII without spaces: it is a key in the app database and goes into log lines.
  id: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/),
  object: z.literal("event"),
  created: z.string().max(64),
  type: z.string().min(1).max(255),
  data: z.unknown(),
});

const migrationData = z.object({
  object: z.literal("migration"),
  migration_id: z.string().refine(isMigrationId, "is not a UUID"),
  error_message: z.string().nullish(),
});

function cleanMessage(raw: string | null | undefined): string | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is replaced.
  const text = raw?.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return text ? text.slice(0, MAX_ERROR_MESSAGE_LENGTH) : null;
}

function problemOf(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "not an event";
}

/**
 * A signed body read as an event: `{"id":"evt_…","object":"event","created":"…","type":"migration.failed",
 * "data":{"object":"migration","migration_id":"<uuid>","error_message":"…"}}`. Another type (the
 * provider may add some) is "ignored"; a body of the wrong shape is "invalid", with what is wrong.
 */
export function parseEvent(payload: unknown): ParsedEvent {
  const outer = envelope.safeParse(payload);
  if (!outer.success) return { kind: "invalid", problem: problemOf(outer.error) };
  const { id, type, created, data } = outer.data;
  if (!eventTypes.has(type)) return { kind: "ignored", id, type };
  const normalized = normalizeCreated(created);
  if (normalized === undefined) return { kind: "invalid", problem: "created: is not a timestamp" };
  const inner = migrationData.safeParse(data);
  if (!inner.success) return { kind: "invalid", problem: `data.${problemOf(inner.error)}` };
  return {
    kind: "migration",
    event: {
      id,
      type: type as MigrationEventType,
      createdMs: Date.parse(normalized),
      migrationId: inner.data.migration_id.toLowerCase(),
      errorMessage: cleanMessage(inner.data.error_message),
    },
  };
}

/**
 * The status an event says the migration has. `migration.completed` covers COMPLETE and
 * COMPLETED_WITH_FAILURES; the event carries no status, but a partly failed migration comes with
 * the reason of its failures, so a reason means COMPLETED_WITH_FAILURES. (The sync reads the real
 * status anyway: should this ever guess wrong, its next look at the migration corrects it.)
 */
export function statusOfEvent(event: Pick<MigrationEvent, "type" | "errorMessage">): string {
  switch (event.type) {
    case "migration.created":
      return "NOT_STARTED";
    case "migration.started":
      return "WORKING";
    case "migration.failed":
      return "FAILED";
    case "migration.completed":
      return event.errorMessage === null ? "COMPLETE" : "COMPLETED_WITH_FAILURES";
  }
}
