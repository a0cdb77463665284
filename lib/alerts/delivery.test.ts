import { describe, expect, it } from "vitest";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import {
  CLAIM_MS,
  type DeliveryOptions,
  DIGEST_WINDOW_MS,
  deliverDue,
  GIVE_UP_AFTER_MS,
  MAX_RETRY_DELAY_MS,
  retryDelayMs,
  type Senders,
} from "./delivery";
import { DeliveryError } from "./delivery-error";
import { fireAlerts } from "./fired-alerts";
import type { EmailContent, SlackPayload } from "./messages";
import type { AlertCandidate } from "./rules";

const T0 = Date.UTC(2026, 5, 1, 12);
const APP = "https://console.example.com";
const BASE = 15_000;

let counter = 0;
function candidate(overrides: Partial<AlertCandidate> = {}): AlertCandidate {
  counter++;
  return {
    migrationId: `00000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`,
    rule: "failed",
    status: "FAILED",
    companyId: "cmp_acme",
    createdByUserId: "usr_1",
    sinceMs: T0 - 1_000,
    sinceKind: "status",
    ...overrides,
  };
}

/** Senders that record what they were given and fail while told to. */
function recordingSenders() {
  const slack: SlackPayload[] = [];
  const email: EmailContent[] = [];
  const failing = { slack: undefined as string | undefined, email: undefined as string | undefined };
  const senders: Senders = {
    slack: async (payload) => {
      if (failing.slack) throw new DeliveryError(failing.slack);
      slack.push(payload);
    },
    email: async (content) => {
      if (failing.email) throw new DeliveryError(failing.email);
      email.push(content);
    },
  };
  return { senders, slack, email, failing };
}

describe("retryDelayMs", () => {
  it("doubles from the base with each failed try, up to an hour", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, BASE))).toEqual([15_000, 30_000, 60_000, 120_000]);
    expect(retryDelayMs(30, BASE)).toBe(MAX_RETRY_DELAY_MS);
  });
});

describe.each(TEST_ENGINES)("alert delivery (%s)", (engine) => {
  const app = appDatabasePerTest(engine);
  const lastDigestMs: DeliveryOptions["lastDigestMs"] = {};
  const deliver = (senders: Senders, nowMs: number, digests = lastDigestMs) =>
    deliverDue({ db: app().db, senders, appUrl: APP, retryBaseMs: BASE, nowMs, lastDigestMs: digests });
  const deliveries = () =>
    app()
      .db.selectFrom("alert_deliveries")
      .select([
        "alert_id",
        "target",
        "state",
        "attempts",
        "next_attempt_ms",
        "last_attempt_ms",
        "delivered_ms",
        "last_error",
        "batch_size",
      ])
      .orderBy("alert_id")
      .orderBy("target")
      .execute();

  it("fires once per migration and rule, with one delivery per target, even when two instances fire together", async () => {
    const failed = candidate();
    const stuck = { ...failed, rule: "may_be_stuck" as const };
    const [a, b] = await Promise.all([
      fireAlerts(app().db, [failed, stuck], ["slack", "email"], T0),
      fireAlerts(app().db, [failed, stuck], ["slack", "email"], T0),
    ]);
    expect([...(a ?? []), ...(b ?? [])].sort()).toEqual([1, 2]);
    expect(await fireAlerts(app().db, [failed], ["slack", "email"], T0 + 5_000)).toEqual([]);
    const alerts = await app().db.selectFrom("alerts").select(["migration_id", "rule", "fired_ms"]).execute();
    expect(alerts.sort((x, y) => x.rule.localeCompare(y.rule))).toEqual([
      { migration_id: failed.migrationId, rule: "failed", fired_ms: T0 },
      { migration_id: failed.migrationId, rule: "may_be_stuck", fired_ms: T0 },
    ]);
    expect((await deliveries()).map((d) => [d.alert_id, d.target, d.state, d.next_attempt_ms])).toEqual([
      [1, "email", "pending", T0],
      [1, "slack", "pending", T0],
      [2, "email", "pending", T0],
      [2, "slack", "pending", T0],
    ]);
  });

  it("sends each alert on its own to each target, with the deep link, and records it delivered", async () => {
    const first = candidate();
    const second = candidate({ rule: "completed_with_failures", status: "COMPLETED_WITH_FAILURES" });
    await fireAlerts(app().db, [first, second], ["slack", "email"], T0);
    const { senders, slack, email } = recordingSenders();
    const report = await deliver(senders, T0 + 10);
    expect(report).toEqual({ delivered: 4, failed: 0, gaveUp: 0, digests: 0, held: 0, errors: {} });
    expect(slack.map((p) => p.text.split("\n")[0])).toEqual([
      `*Migration alert: Failed* · migration <${APP}/migrations/${first.migrationId}|${first.migrationId}>`,
      `*Migration alert: Completed with failures* · migration <${APP}/migrations/${second.migrationId}|${second.migrationId}>`,
    ]);
    expect(email.map((m) => m.subject)).toEqual([
      `[Migration Console] Failed: migration ${first.migrationId}`,
      `[Migration Console] Completed with failures: migration ${second.migrationId}`,
    ]);
    expect(email[0]?.text).toContain(`Open: ${APP}/migrations/${first.migrationId}`);
    for (const row of await deliveries()) {
      expect(row).toMatchObject({ state: "delivered", attempts: 1, delivered_ms: T0 + 10, next_attempt_ms: null });
      expect(row.batch_size).toBe(1);
    }
    // Nothing is due any more.
    expect(await deliver(senders, T0 + 20)).toMatchObject({ delivered: 0 });
    expect(slack).toHaveLength(2);
  });

  it("groups more than five at once into one digest per target, then at most one digest a minute while the burst lasts", async () => {
    const burst = Array.from({ length: 6 }, () => candidate());
    await fireAlerts(app().db, burst, ["slack", "email"], T0);
    const { senders, slack, email } = recordingSenders();
    const digests: DeliveryOptions["lastDigestMs"] = {};
    expect(await deliver(senders, T0 + 10, digests)).toMatchObject({ delivered: 12, digests: 2 });
    expect(slack).toHaveLength(1);
    expect(slack[0]?.text.split("\n")[0]).toBe("*6 migration alerts* (many at once, so sent together)");
    for (const c of burst) expect(slack[0]?.text).toContain(`<${APP}/migrations/${c.migrationId}|`);
    expect(email.map((m) => m.subject)).toEqual(["[Migration Console] 6 migration alerts"]);
    expect(digests).toEqual({ slack: T0 + 10, email: T0 + 10 });
    expect(new Set((await deliveries()).map((d) => d.batch_size))).toEqual(new Set([6]));

    // Two more in the same minute: the burst goes on, so they are gathered for a minute into the next digest.
    const late = [candidate(), candidate()];
    await fireAlerts(app().db, late, ["slack", "email"], T0 + 20_000);
    expect(await deliver(senders, T0 + 20_010, digests)).toMatchObject({ delivered: 0, held: 4 });
    const gathered = T0 + 20_000 + DIGEST_WINDOW_MS;
    const waiting = (await deliveries()).filter((d) => d.state === "pending");
    expect(waiting.map((d) => d.next_attempt_ms)).toEqual([gathered, gathered, gathered, gathered]);
    expect(await deliver(senders, gathered - 1, digests)).toMatchObject({ delivered: 0, held: 0 });
    expect(await deliver(senders, gathered, digests)).toMatchObject({ delivered: 4, digests: 2 });
    expect(slack[1]?.text.split("\n")[0]).toBe("*2 migration alerts* (many at once, so sent together)");
    expect(email[1]?.subject).toBe("[Migration Console] 2 migration alerts");

    // Once the minute holds no more than five, alerts go out one by one again.
    const calm = candidate();
    await fireAlerts(app().db, [calm], ["slack"], T0 + 3 * DIGEST_WINDOW_MS);
    await deliver(senders, T0 + 3 * DIGEST_WINDOW_MS + 1, digests);
    expect(slack[2]?.text).toMatch(/^\*Migration alert: Failed\*/);
  });

  it("gathers a burst that trickles in: five go out alone, the rest a minute after the sixth, as one digest", async () => {
    const { senders, slack } = recordingSenders();
    const digests: DeliveryOptions["lastDigestMs"] = {};
    for (let i = 0; i < 9; i++) {
      await fireAlerts(app().db, [candidate()], ["slack"], T0 + i * 5_000);
      await deliver(senders, T0 + i * 5_000 + 1, digests);
    }
    expect(slack.map((p) => p.text.split("\n")[0]?.slice(0, 24))).toEqual(Array(5).fill("*Migration alert: Failed"));
    await deliver(senders, T0 + 5 * 5_000 + DIGEST_WINDOW_MS, digests);
    expect(slack).toHaveLength(6);
    expect(slack[5]?.text.split("\n")[0]).toBe("*4 migration alerts* (many at once, so sent together)");
  });

  it("retries a failed delivery with exponential backoff, keeping the last error, until it goes through", async () => {
    const alert = candidate();
    await fireAlerts(app().db, [alert], ["slack"], T0);
    const { senders, slack, failing } = recordingSenders();
    failing.slack = "the webhook answered HTTP 503: down";

    expect(await deliver(senders, T0)).toMatchObject({
      failed: 1,
      errors: { slack: "the webhook answered HTTP 503: down" },
    });
    expect(await deliveries()).toEqual([
      {
        alert_id: 1,
        target: "slack",
        state: "pending",
        attempts: 1,
        next_attempt_ms: T0 + BASE,
        last_attempt_ms: T0,
        delivered_ms: null,
        last_error: "the webhook answered HTTP 503: down",
        batch_size: 1,
      },
    ]);
    // Not due before its time.
    expect(await deliver(senders, T0 + BASE - 1)).toMatchObject({ failed: 0, delivered: 0 });
    failing.slack = "could not reach the webhook (ECONNREFUSED)";
    await deliver(senders, T0 + BASE);
    expect(await deliveries()).toMatchObject([
      { state: "pending", attempts: 2, next_attempt_ms: T0 + 3 * BASE, last_error: failing.slack },
    ]);

    failing.slack = undefined;
    expect(await deliver(senders, T0 + 3 * BASE)).toMatchObject({ delivered: 1 });
    expect(await deliveries()).toMatchObject([
      { state: "delivered", attempts: 3, delivered_ms: T0 + 3 * BASE, next_attempt_ms: null, last_error: null },
    ]);
    expect(slack).toHaveLength(1);
  });

  it("gives up a day after the alert fired, and never shows what an unexpected error said", async () => {
    await fireAlerts(app().db, [candidate()], ["email"], T0);
    const leaky: Senders = {
      email: async () => {
        throw new Error("connect to smtp://alerts:s3cret@mail failed");
      },
    };
    await deliver(leaky, T0);
    expect(await deliveries()).toMatchObject([{ state: "pending", last_error: "the message could not be sent" }]);
    await app().db.updateTable("alert_deliveries").set({ attempts: 20, next_attempt_ms: T0 }).execute();
    const report = await deliver(leaky, T0 + GIVE_UP_AFTER_MS - MAX_RETRY_DELAY_MS + 1);
    expect(report).toMatchObject({ gaveUp: 1, failed: 0 });
    expect(await deliveries()).toMatchObject([{ state: "gave_up", attempts: 21, next_attempt_ms: null }]);
  });

  it("gives up deliveries to a target that is no longer configured, and leaves claimed ones alone", async () => {
    await fireAlerts(app().db, [candidate(), candidate()], ["slack", "email"], T0);
    // Another pass (another instance, before a takeover) is sending the second alert's Slack message.
    await app()
      .db.updateTable("alert_deliveries")
      .set({ next_attempt_ms: T0 + CLAIM_MS })
      .where("alert_id", "=", 2)
      .where("target", "=", "slack")
      .execute();
    const { senders, slack } = recordingSenders();
    const report = await deliver({ slack: senders.slack }, T0 + 1);
    expect(report).toMatchObject({ delivered: 1, gaveUp: 2 });
    expect(slack).toHaveLength(1);
    expect((await deliveries()).map((d) => [d.alert_id, d.target, d.state, d.last_error])).toEqual([
      [1, "email", "gave_up", "E-mail is no longer configured"],
      [1, "slack", "delivered", null],
      [2, "email", "gave_up", "E-mail is no longer configured"],
      [2, "slack", "pending", null],
    ]);
  });
});
