import { describe, expect, it } from "vitest";
import type { DocumentedStatus } from "@/lib/migrations/statuses";
import { parseEvent, statusOfEvent } from "@/lib/webhooks/event";
import type { EmbeddedDatabase } from "./database";
import { FAILURE_REASONS, PARTIAL_FAILURE_REASONS } from "./failure-reasons";
import { findOrganizationByName, type Organization } from "./organizations";
import { seededRandom } from "./random";
import { seedDatabase } from "./seed-database";
import { simulateStep } from "./simulator";
import { memoryDatabase } from "./testing";
import { eventForChange, outboxRows, type WebhookEventBody } from "./webhook-outbox";

const START = new Date("2025-12-02T12:00:00.000Z");

function seeded(): { db: EmbeddedDatabase; demo: Organization; acme: Organization } {
  const db = memoryDatabase();
  seedDatabase(db, {
    migrations: 120,
    companies: 6,
    users: 20,
    seed: 7,
    now: START,
    days: 1,
    organizations: [
      { name: "demo", weight: 0.7 },
      { name: "acme", weight: 0.3 },
    ],
  });
  return {
    db,
    demo: findOrganizationByName(db, "demo") as Organization,
    acme: findOrganizationByName(db, "acme") as Organization,
  };
}

function statuses(db: EmbeddedDatabase): Map<string, { status: DocumentedStatus; organization_id: string }> {
  const rows = db.prepare("SELECT id, status, organization_id FROM migrations").all() as Array<{
    id: string;
    status: DocumentedStatus;
    organization_id: string;
  }>;
  return new Map(rows.map((row) => [row.id, row]));
}

describe("eventForChange", () => {
  const random = seededRandom(1);
  const id = "00000000-0000-4000-8000-000000000001";
  const at = new Date("2026-01-01T00:00:00.000Z");
  const event = (from: DocumentedStatus | null, to: DocumentedStatus) => eventForChange(id, from, to, at, random);

  it("sends created, started, completed and failed, in the provider's shape; nothing for waiting and resuming", () => {
    expect(event(null, "NOT_STARTED")).toEqual({
      id: expect.stringMatching(/^evt_[0-9a-f]{28}$/),
      object: "event",
      created: "2026-01-01T00:00:00.000Z",
      type: "migration.created",
      data: { object: "migration", migration_id: id },
    });
    expect(event("NOT_STARTED", "WORKING")?.type).toBe("migration.started");
    expect(event("WORKING", "COMPLETE")).toMatchObject({
      type: "migration.completed",
      data: { error_message: null },
    });
    const partly = event("WORKING", "COMPLETED_WITH_FAILURES");
    expect(partly?.type).toBe("migration.completed");
    expect(PARTIAL_FAILURE_REASONS).toContain(partly?.data.error_message);
    for (const from of ["WORKING", "PENDING_USER_INPUT"] as const) {
      const failed = event(from, "FAILED");
      expect(failed?.type).toBe("migration.failed");
      expect(FAILURE_REASONS).toContain(failed?.data.error_message);
    }
    expect(event("WORKING", "PENDING_USER_INPUT")).toBeUndefined();
    expect(event("PENDING_USER_INPUT", "WORKING")).toBeUndefined();
  });

  it("draws reasons from the whole set", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) seen.add(event("WORKING", "FAILED")?.data.error_message ?? "");
    expect([...seen].sort()).toEqual([...FAILURE_REASONS].sort());
  });
});

/** Waiting for the user and resuming: the provider sends no event for these. */
const isSilent = (from: DocumentedStatus, to: DocumentedStatus) =>
  to === "PENDING_USER_INPUT" || (from === "PENDING_USER_INPUT" && to === "WORKING");

describe("simulateStep with webhooks", () => {
  it("queues one event per reported change of the chosen organization, in the same transaction, that the receiver reads back", () => {
    const { db, demo } = seeded();
    const random = seededRandom(2026);
    let previous = statuses(db);
    const expected: Array<{ id: string; status: string }> = [];
    for (let step = 1; step <= 150; step++) {
      const now = new Date(START.getTime() + step * 3000);
      const queuedBefore = outboxRows(db).length;
      simulateStep(db, random, now, { webhooksFor: demo.id });
      const current = statuses(db);
      const reported: Array<{ id: string; status: string }> = [];
      for (const [id, row] of current) {
        const before = previous.get(id);
        if (row.organization_id !== demo.id) continue;
        if (!before) reported.push({ id, status: "NOT_STARTED" });
        else if (before.status !== row.status && !isSilent(before.status, row.status)) {
          reported.push({ id, status: row.status });
        }
      }
      const queued = outboxRows(db).slice(queuedBefore);
      const events = queued.map((row) => JSON.parse(row.payload) as WebhookEventBody);
      for (const event of events) expect(event.created).toBe(now.toISOString());
      // What the receiver makes of each event is the change that was made.
      const read = events.map((event) => {
        const parsed = parseEvent(event);
        if (parsed.kind !== "migration") throw new Error(`unreadable event ${JSON.stringify(event)}`);
        return { id: parsed.event.migrationId, status: statusOfEvent(parsed.event) };
      });
      const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
      expect(read.sort(byId), `step ${step}`).toEqual(reported.sort(byId));
      expected.push(...reported);
      previous = current;
    }
    const rows = outboxRows(db);
    expect(rows).toHaveLength(expected.length);
    expect(new Set(rows.map((row) => row.message_id)).size).toBe(rows.length);
    const types = new Set(rows.map((row) => (JSON.parse(row.payload) as WebhookEventBody).type));
    expect([...types].sort()).toEqual([
      "migration.completed",
      "migration.created",
      "migration.failed",
      "migration.started",
    ]);
    for (const row of rows) expect(row).toMatchObject({ attempts: 0 });
  });

  it("queues nothing without an organization to send for, and nothing for other organizations", () => {
    const { db, acme } = seeded();
    const random = seededRandom(3);
    for (let step = 1; step <= 60; step++) simulateStep(db, random, new Date(START.getTime() + step * 3000));
    expect(outboxRows(db)).toEqual([]);
    for (let step = 61; step <= 120; step++) {
      simulateStep(db, random, new Date(START.getTime() + step * 3000), { webhooksFor: acme.id });
    }
    const rows = outboxRows(db);
    expect(rows.length).toBeGreaterThan(0);
    const now = statuses(db);
    for (const row of rows) {
      const id = (JSON.parse(row.payload) as WebhookEventBody).data.migration_id;
      expect(now.get(id)?.organization_id, id).toBe(acme.id);
    }
  });
});
