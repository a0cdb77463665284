import { createServer, type Server } from "node:http";
import { Readable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/embedded-api/api-keys";
import type { EmbeddedDatabase } from "@/lib/embedded-api/database";
import { FAILURE_REASONS, PARTIAL_FAILURE_REASONS } from "@/lib/embedded-api/failure-reasons";
import { findOrganizationByName, type Organization } from "@/lib/embedded-api/organizations";
import { seededRandom } from "@/lib/embedded-api/random";
import { seedDatabase } from "@/lib/embedded-api/seed-database";
import { simulateStep } from "@/lib/embedded-api/simulator";
import { memoryDatabase } from "@/lib/embedded-api/testing";
import { outboxRows } from "@/lib/embedded-api/webhook-outbox";
import { WebhookSender } from "@/lib/embedded-api/webhook-sender";
import { captureLogPerTest } from "@/lib/logging/testing";
import { isTerminalStatus } from "@/lib/migrations/statuses";
import { findMirroredMigration, statusHistory } from "@/lib/mirror/queries";
import { readThrough } from "@/lib/sync/read-through";
import { embeddedClient } from "@/lib/sync/testing";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { freePort } from "@/scripts/postgres-cluster.mjs";
import { receiveMigrationWebhook } from "./receive";
import { newSecret } from "./testing";

/** Top level: one capture for both engines' suites (a second one would take over the first's). */
const logs = captureLogPerTest();

/**
 * The whole loop, over real HTTP on loopback: the embedded API's simulator changes migrations and
 * queues their events, the sender signs and posts them, the receiver checks, stores and applies
 * them to the mirror (reading through the ones it does not know from the same embedded API).
 * The receiver is down at first: the sender retries until it is up.
 */
describe.each(TEST_ENGINES)("embedded simulator → signed webhooks → mirror (%s)", (engine) => {
  const app = appDatabasePerTest(engine);
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  it("brings every finished migration of the organization into the mirror with its final status and reason", async () => {
    const secret = newSecret();
    let nowMs = Date.now();
    const clock = () => nowMs;

    const embedded: EmbeddedDatabase = memoryDatabase();
    seedDatabase(embedded, {
      migrations: 150,
      companies: 6,
      users: 20,
      seed: 21,
      now: new Date(nowMs),
      days: 1,
      organizations: [
        { name: "demo", weight: 0.7 },
        { name: "acme", weight: 0.3 },
      ],
    });
    const demo = findOrganizationByName(embedded, "demo") as Organization;
    const { key } = createApiKey(embedded, demo, "loop test");
    const { client, requests } = embeddedClient(embedded, key, { strict: false });

    const applied: Array<Promise<unknown>> = [];
    let deliveries = 0;
    const port = await freePort();
    const receiver = createServer((incoming, outgoing) => {
      deliveries++;
      const request = new Request(`http://127.0.0.1:${port}${incoming.url}`, {
        method: incoming.method,
        headers: incoming.headers as Record<string, string>,
        body: Readable.toWeb(incoming) as ReadableStream<Uint8Array>,
        duplex: "half",
      } as RequestInit);
      void receiveMigrationWebhook(request, {
        secrets: () => [secret],
        applying: async () => ({
          db: app().db,
          readThrough: (id) => readThrough(app().db, client, id, clock()),
          now: clock,
        }),
        after: (task) => applied.push(task()),
      }).then(async (response) => {
        outgoing.writeHead(response.status, { "content-type": "application/json" });
        outgoing.end(await response.text());
      });
    });

    const sender = new WebhookSender(embedded, {
      target: () => ({ url: `http://127.0.0.1:${port}/api/webhooks/migrations`, secret }),
      now: clock,
      random: () => 0.5,
    });
    const random = seededRandom(4242);
    const step = async () => {
      nowMs += 3_000;
      simulateStep(embedded, random, new Date(nowMs), { webhooksFor: demo.id });
      await sender.deliverDue();
    };

    // The receiver is not listening yet: every delivery fails and waits for its retry.
    for (let i = 0; i < 5; i++) await step();
    const waiting = outboxRows(embedded);
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting.every((row) => row.attempts >= 1)).toBe(true);
    expect(deliveries).toBe(0);
    const queuedWhileDown = waiting.length;

    server = receiver;
    await new Promise<void>((resolve) => receiver.listen(port, "127.0.0.1", () => resolve()));
    for (let i = 0; i < 30; i++) await step();
    // Long enough for every retry to fall due (and well within the signatures' 5 minutes).
    nowMs += 60_000;
    await sender.deliverDue();
    await Promise.all(applied);

    expect(outboxRows(embedded)).toEqual([]);
    expect(deliveries).toBeGreaterThanOrEqual(queuedWhileDown);
    const events = await app().db.selectFrom("webhook_events").selectAll().execute();
    expect(events.length).toBe(deliveries);
    const outcomes = new Set(events.map((event) => event.outcome));
    for (const outcome of outcomes) expect(["applied", "confirmed", "outdated"]).toContain(outcome);
    expect(outcomes.has("applied")).toBe(true);

    // Every migration of the organization that got an event and has finished is mirrored as it ended.
    const reported = new Set(events.map((event) => event.migration_id));
    const finished = (
      embedded.prepare("SELECT id, status, organization_id FROM migrations").all() as Array<{
        id: string;
        status: string;
        organization_id: string;
      }>
    ).filter((row) => reported.has(row.id) && isTerminalStatus(row.status));
    expect(finished.length).toBeGreaterThan(3);
    let withReason = 0;
    for (const row of finished) {
      expect(row.organization_id).toBe(demo.id);
      const mirrored = await findMirroredMigration(app().db, row.id);
      expect(mirrored?.migration.status, row.id).toBe(row.status);
      if (row.status === "FAILED") expect(FAILURE_REASONS, row.id).toContain(mirrored?.errorMessage);
      if (row.status === "COMPLETED_WITH_FAILURES")
        expect(PARTIAL_FAILURE_REASONS, row.id).toContain(mirrored?.errorMessage);
      if (row.status === "COMPLETE") expect(mirrored?.errorMessage, row.id).toBeUndefined();
      if (mirrored?.errorMessage) withReason++;
    }
    expect(withReason).toBeGreaterThan(0);
    // The history tells which changes came by webhook; the ones first read through say so too.
    const sources = new Set<string>();
    for (const id of reported) for (const change of await statusHistory(app().db, id)) sources.add(change.source);
    expect([...sources].sort()).toEqual(["read-through", "webhook"]);
    // Read-through asked the embedded API by id only, for migrations the mirror did not have.
    expect(requests.length).toBeGreaterThan(0);
    expect(requests.every((url) => /\/migrations\/[0-9a-f-]{36}$/.test(url))).toBe(true);
    // The deliveries refused while the receiver was down were each logged once, then retried in silence.
    const failures = logs.entries().filter((entry) => entry.event === "webhook_delivery_failed");
    expect(failures).toHaveLength(queuedWhileDown);
  });
});
