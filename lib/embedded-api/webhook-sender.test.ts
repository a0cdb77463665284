import { Webhook } from "svix";
import { describe, expect, it } from "vitest";
import { captureLogPerTest } from "@/lib/logging/testing";
import { newSecret } from "@/lib/webhooks/testing";
import type { EmbeddedDatabase } from "./database";
import { seededRandom } from "./random";
import { memoryDatabase } from "./testing";
import { enqueueWebhook, eventForChange, outboxRows } from "./webhook-outbox";
import { deliveryRetryDelayMs, MAX_DELIVERY_ATTEMPTS, WebhookSender } from "./webhook-sender";

const SECRET = newSecret();
const URL_ = "http://127.0.0.1:9/api/webhooks/migrations";

interface Received {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * A sender on an in-memory outbox with a clock the test moves, delivering to a scripted receiver:
 * `answer` decides each delivery's fate (a status, or a thrown error for "no connection").
 */
function setup(answer: (delivery: Received, index: number) => Promise<number> | number) {
  const db: EmbeddedDatabase = memoryDatabase();
  let nowMs = Date.now();
  const received: Received[] = [];
  const fakeFetch: typeof fetch = async (input, init) => {
    const delivery = {
      url: String(input),
      headers: Object.fromEntries(new Headers(init?.headers).entries()),
      body: String(init?.body),
    };
    received.push(delivery);
    const status = await answer(delivery, received.length - 1);
    return new Response(status === 204 ? null : "ok", { status });
  };
  let target: { url: string; secret: string } | undefined = { url: URL_, secret: SECRET };
  const sender = new WebhookSender(db, {
    target: () => target,
    fetch: fakeFetch,
    now: () => nowMs,
    random: () => 0.5,
  });
  const queue = (count = 1) => {
    for (let i = 0; i < count; i++) {
      const event = eventForChange(
        `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
        "WORKING",
        "FAILED",
        new Date(nowMs),
        seededRandom(i),
      );
      if (!event) throw new Error("no event");
      enqueueWebhook(db, event, new Date(nowMs));
    }
  };
  return {
    db,
    sender,
    received,
    queue,
    advance(ms: number) {
      nowMs += ms;
    },
    now: () => nowMs,
    turnOff() {
      target = undefined;
    },
  };
}

const refused = () => {
  throw new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:9") });
};

describe("WebhookSender", () => {
  const logs = captureLogPerTest();

  it("delivers each queued event once, signed as Svix signs, and empties the outbox", async () => {
    const s = setup(() => 204);
    s.queue(3);
    const rows = outboxRows(s.db);
    expect(await s.sender.deliverDue()).toEqual({ delivered: 3, failed: 0, abandoned: 0 });
    expect(outboxRows(s.db)).toEqual([]);
    expect(s.received).toHaveLength(3);
    for (const [i, delivery] of s.received.entries()) {
      expect(delivery.url).toBe(URL_);
      expect(delivery.body).toBe(rows[i]?.payload);
      expect(delivery.headers["content-type"]).toBe("application/json");
      expect(delivery.headers["svix-id"]).toBe(rows[i]?.message_id);
      expect(Number(delivery.headers["svix-timestamp"])).toBe(Math.floor(s.now() / 1000));
      // Svix's own verifier accepts it with the secret, and refuses it with another.
      expect(new Webhook(SECRET).verify(delivery.body, delivery.headers)).toEqual(JSON.parse(delivery.body));
      expect(() => new Webhook(newSecret()).verify(delivery.body, delivery.headers)).toThrow();
    }
    expect(await s.sender.deliverDue()).toEqual({ delivered: 0, failed: 0, abandoned: 0 });
    expect(s.received).toHaveLength(3);
  });

  it("retries with backoff while the receiver is down or failing, same message id, fresh signature, until it answers", async () => {
    let down = true;
    const s = setup((_delivery, index) => {
      if (down) return index % 2 === 0 ? refused() : 503;
      return 200;
    });
    s.queue(1);
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      expect(await s.sender.deliverDue()).toEqual({ delivered: 0, failed: 1, abandoned: 0 });
      const [row] = outboxRows(s.db);
      expect(row?.attempts).toBe(attempt);
      const delay = (row?.next_attempt_ms ?? 0) - s.now();
      delays.push(delay);
      // Not due before its time.
      s.advance(delay - 1);
      expect(await s.sender.deliverDue()).toEqual({ delivered: 0, failed: 0, abandoned: 0 });
      s.advance(1);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    down = false;
    expect(await s.sender.deliverDue()).toEqual({ delivered: 1, failed: 0, abandoned: 0 });
    expect(outboxRows(s.db)).toEqual([]);
    const ids = new Set(s.received.map((delivery) => delivery.headers["svix-id"]));
    expect(ids.size).toBe(1);
    const signatures = new Set(s.received.map((delivery) => delivery.headers["svix-signature"]));
    expect(signatures.size).toBe(s.received.length);
    // One line for the first failure, none for the retries that repeat it.
    const failures = logs.entries().filter((entry) => entry.event === "webhook_delivery_failed");
    expect(failures).toEqual([
      expect.objectContaining({ attempts: 1, problem: "TypeError: fetch failed: connect ECONNREFUSED 127.0.0.1:9" }),
    ]);
    expect(JSON.stringify(logs.entries())).not.toContain(SECRET.slice(6));
  });

  it("counts any answer other than 2xx as a failure", async () => {
    for (const status of [301, 400, 401, 404, 413, 500]) {
      const s = setup(() => status);
      s.queue(1);
      expect(await s.sender.deliverDue(), String(status)).toEqual({ delivered: 0, failed: 1, abandoned: 0 });
      expect(outboxRows(s.db)[0]?.attempts, String(status)).toBe(1);
    }
  });

  it("gives a delivery up after its last try, and says so", async () => {
    const s = setup(() => 500);
    s.queue(1);
    for (let attempt = 1; attempt < MAX_DELIVERY_ATTEMPTS; attempt++) {
      await s.sender.deliverDue();
      s.advance(deliveryRetryDelayMs(attempt, () => 1));
    }
    expect(await s.sender.deliverDue()).toEqual({ delivered: 0, failed: 0, abandoned: 1 });
    expect(outboxRows(s.db)).toEqual([]);
    expect(s.received).toHaveLength(MAX_DELIVERY_ATTEMPTS);
    expect(logs.entries()).toContainEqual(
      expect.objectContaining({
        event: "webhook_delivery_abandoned",
        attempts: MAX_DELIVERY_ATTEMPTS,
        problem: "answered 500",
      }),
    );
  });

  it("gives up on a receiver that does not answer in time", async () => {
    const db = memoryDatabase();
    const event = eventForChange("00000000-0000-4000-8000-000000000001", null, "NOT_STARTED", new Date(), Math.random);
    if (event) enqueueWebhook(db, event, new Date());
    const hanging = ((_input: RequestInfo | URL, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      })) as typeof fetch;
    const sender = new WebhookSender(db, {
      target: () => ({ url: URL_, secret: SECRET }),
      fetch: hanging,
      timeoutMs: 50,
    });
    expect(await sender.deliverDue()).toEqual({ delivered: 0, failed: 1, abandoned: 0 });
    expect(logs.entries().at(-1)).toMatchObject({
      event: "webhook_delivery_failed",
      problem: expect.stringMatching(/TimeoutError/),
    });
  });

  it("spreads retries ±20 % and caps them at 5 minutes", () => {
    expect(deliveryRetryDelayMs(1, () => 0)).toBe(800);
    expect(deliveryRetryDelayMs(1, () => 0.999_999)).toBe(1_200);
    expect(deliveryRetryDelayMs(3, () => 0.5)).toBe(4_000);
    expect(deliveryRetryDelayMs(30, () => 0.5)).toBe(300_000);
  });

  it("never delivers a row twice when passes are asked for at once", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const s = setup(async () => {
      await gate;
      return 200;
    });
    s.queue(5);
    const ids = outboxRows(s.db).map((row) => row.message_id);
    const passes = [s.sender.deliverDue(), s.sender.deliverDue(), s.sender.deliverDue()];
    release();
    await Promise.all(passes);
    expect(s.received.map((delivery) => delivery.headers["svix-id"]).sort()).toEqual([...ids].sort());
    expect(s.received).toHaveLength(5);
    expect(outboxRows(s.db)).toEqual([]);
  });

  it("sends nothing while webhooks are off, and keeps the rows", async () => {
    const s = setup(() => 200);
    s.queue(2);
    s.turnOff();
    expect(await s.sender.deliverDue()).toEqual({ delivered: 0, failed: 0, abandoned: 0 });
    expect(s.received).toEqual([]);
    expect(outboxRows(s.db)).toHaveLength(2);
  });
});
