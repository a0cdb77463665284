import { describe, expect, it } from "vitest";
import { captureLogPerTest } from "@/lib/logging/testing";
import type { Migration } from "@/lib/migrations/migration";
import { recordObservedMigrations } from "@/lib/mirror/record-observations";
import { createdAt, mirrorTestMigration } from "@/lib/mirror/testing";
import { initialSyncState, writeSyncState } from "@/lib/sync/sync-state";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { AlertService } from "./alert-service";
import type { AlertsConfig } from "./config";
import type { Senders } from "./delivery";
import { DeliveryError } from "./delivery-error";
import type { EmailContent, SlackPayload } from "./messages";
import { ALERT_RULES } from "./rule-catalogue";

const T0 = Date.UTC(2026, 5, 1, 12);
const LEASE_MS = 20_000;
const CONFIG: AlertsConfig = {
  appUrl: "https://console.example.com",
  slack: { webhookUrl: "https://hooks.example.com/services/s3cret" },
  email: { smtp: { host: "mail.example.com", port: 587, secure: false }, from: "a@example.com", to: ["b@example.com"] },
  rules: [...ALERT_RULES],
  pendingUserInputHours: 24,
  intervalMs: 5_000,
  retryBaseMs: 1_000,
};

function working(): Migration {
  return { ...mirrorTestMigration({ status: "WORKING" }), ...createdAt((T0 - 60_000) * 1000) };
}

const logs = captureLogPerTest();

describe.each(TEST_ENGINES)("the alert service (%s)", (engine) => {
  const app = appDatabasePerTest(engine);

  function service(instanceId: string, clock: { now: number }, sent: { slack: SlackPayload[]; email: EmailContent[] }) {
    const senders: Senders = {
      slack: async (payload) => {
        sent.slack.push(payload);
      },
      email: async (content) => {
        sent.email.push(content);
      },
    };
    return new AlertService({
      db: app().db,
      config: CONFIG,
      instanceId,
      leaseMs: LEASE_MS,
      startMs: T0,
      now: () => clock.now,
      senders,
    });
  }

  const observe = (migrations: Migration[], nowMs: number) =>
    recordObservedMigrations(app().db, migrations, { source: "sync", nowMs });
  const completeBackfill = (atMs: number) =>
    writeSyncState(app().db, { ...initialSyncState("scope"), backfillCompletedMs: atMs }, atMs);

  it("waits for the first full read, alerts only what changed after it, and only in the instance holding the lease", async () => {
    const clock = { now: T0 };
    const sent = { slack: [] as SlackPayload[], email: [] as EmailContent[] };
    const a = service("a", clock, sent);
    const b = service("b", clock, sent);
    const seenByBackfill = working();
    const failedDuringBackfill = working();
    await observe([seenByBackfill, failedDuringBackfill], T0 + 1_000);
    await observe([{ ...failedDuringBackfill, status: "FAILED" }], T0 + 2_000);

    clock.now = T0 + 3_000;
    expect(await a.tick()).toMatchObject({ fired: [], waiting: "first-read" });
    expect(await b.tick()).toBeUndefined();

    await completeBackfill(T0 + 4_000);
    await observe([{ ...seenByBackfill, status: "FAILED" }], T0 + 5_000);
    clock.now = T0 + 6_000;
    expect(await b.tick()).toBeUndefined();
    const pass = await a.tick();
    expect(pass).toMatchObject({ fired: [1], delivery: { delivered: 2 } });
    expect(pass?.waiting).toBeUndefined();
    expect(sent.slack.map((p) => p.text.split("\n")[0])).toEqual([
      `*Migration alert: Failed* · migration <https://console.example.com/migrations/${seenByBackfill.id}|${seenByBackfill.id}>`,
    ]);
    expect(sent.email.map((m) => m.subject)).toEqual([`[Migration Console] Failed: migration ${seenByBackfill.id}`]);

    // Later passes find nothing new: once per migration and rule.
    clock.now = T0 + 11_000;
    expect(await a.tick()).toMatchObject({ fired: [], delivery: { delivered: 0 } });
    expect(sent.slack).toHaveLength(1);
    expect(logs.entries().map((entry) => entry.event)).toEqual(
      expect.arrayContaining(["alerts_lease_taken", "alerts_fired", "alerts_delivered"]),
    );
  });

  it("hands over when the holder stops: the other instance goes on from where it stopped", async () => {
    const clock = { now: T0 };
    const sent = { slack: [] as SlackPayload[], email: [] as EmailContent[] };
    const a = service("a", clock, sent);
    const b = service("b", clock, sent);
    await completeBackfill(T0 - 1);
    const m = working();
    await observe([m], T0);
    expect(await a.tick()).toMatchObject({ fired: [] });

    const stopped = new AbortController();
    stopped.abort();
    await a.run(stopped.signal);
    await observe([{ ...m, status: "COMPLETED_WITH_FAILURES" }], T0 + 1_000);
    clock.now = T0 + 2_000;
    expect(await b.tick()).toMatchObject({ fired: [1], delivery: { delivered: 2 } });
    expect(sent.slack[0]?.text).toMatch(/^\*Migration alert: Completed with failures\*/);
  });

  it("logs a lost lease, and a pass that fails without stopping the loop", async () => {
    const clock = { now: T0 };
    const sent = { slack: [] as SlackPayload[], email: [] as EmailContent[] };
    const a = service("a", clock, sent);
    const b = service("b", clock, sent);
    await completeBackfill(T0 - 1);
    expect(await a.tick()).toBeDefined();
    clock.now = T0 + LEASE_MS + 1;
    expect(await b.tick()).toBeDefined();
    expect(await a.tick()).toBeUndefined();
    expect(logs.entries().filter((entry) => entry.event === "alerts_lease_lost")).toMatchObject([{ instance: "a" }]);

    // A pass that throws (here its clock): logged, and the loop goes on until stopped.
    const looping = new AbortController();
    const failing = new AlertService({
      db: app().db,
      config: { ...CONFIG, intervalMs: 100 },
      instanceId: "c",
      leaseMs: LEASE_MS,
      startMs: T0,
      now: () => {
        throw new Error("the clock is broken");
      },
      senders: {},
    });
    const running = failing.run(looping.signal);
    await expect
      .poll(() => logs.entries().filter((entry) => entry.event === "alerts_pass_failed").length)
      .toBeGreaterThanOrEqual(2);
    looping.abort();
    await running;
    expect(logs.entries().find((entry) => entry.event === "alerts_pass_failed")).toMatchObject({
      level: "error",
      message: "the clock is broken",
    });
  });

  it("logs a failed delivery's reason (never the webhook URL) and retries it on a later pass", async () => {
    const clock = { now: T0 };
    let down = true;
    const slack: SlackPayload[] = [];
    const alerts = new AlertService({
      db: app().db,
      config: { ...CONFIG, email: undefined },
      instanceId: "a",
      leaseMs: LEASE_MS,
      startMs: T0,
      now: () => clock.now,
      senders: {
        slack: async (payload) => {
          if (down) throw new DeliveryError("the webhook answered HTTP 503");
          slack.push(payload);
        },
      },
    });
    await completeBackfill(T0 - 1);
    const m = working();
    await observe([m], T0 - 10);
    await observe([{ ...m, status: "FAILED" }], T0);
    expect(await alerts.tick()).toMatchObject({ fired: [1], delivery: { failed: 1 } });
    const warning = logs.entries().find((entry) => entry.event === "alert_delivery_failed");
    expect(warning).toMatchObject({ level: "warn", target: "slack", error: "the webhook answered HTTP 503" });
    expect(JSON.stringify(logs.entries())).not.toContain("s3cret");

    down = false;
    clock.now = T0 + 500;
    expect(await alerts.tick()).toMatchObject({ delivery: { delivered: 0 } });
    clock.now = T0 + 1_000;
    expect(await alerts.tick()).toMatchObject({ delivery: { delivered: 1 } });
    expect(slack).toHaveLength(1);
  });
});
