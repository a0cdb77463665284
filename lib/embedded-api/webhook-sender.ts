import "server-only";
import { Webhook } from "svix";
import { errorFields, log } from "@/lib/logging/log";
import type { EmbeddedDatabase } from "./database";
import type { Random } from "./random";
import type { OutboxRow } from "./webhook-outbox";

/** Where the webhooks go and the secret they are signed with (read at each pass: the port is known only once the server listens). */
export interface WebhookTarget {
  url: string;
  secret: string;
}

export interface WebhookSenderOptions {
  /** Undefined: webhooks were turned off; nothing is sent (the rows wait). */
  target: () => WebhookTarget | undefined;
  fetch?: typeof fetch;
  now?: () => number;
  /** Jitter of the retry delays. */
  random?: Random;
  /** Time for one delivery to be answered. */
  timeoutMs?: number;
}

/** Tries of one delivery before it is given up: retries over about an hour, as a provider does (Svix: a day). */
export const MAX_DELIVERY_ATTEMPTS = 20;
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 5 * 60_000;
/** While one pass delivers a row, another (a second server on the same data folder) leaves it alone. */
const CLAIM_MS = 60_000;
const ROWS_PER_PASS = 50;

/** 1 s, 2 s, 4 s, … at most 5 min after the `attempts`-th failure, ±20 % so retries do not come in waves. */
export function deliveryRetryDelayMs(attempts: number, random: Random): number {
  const base = Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), MAX_RETRY_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}

export interface DeliveryPass {
  delivered: number;
  failed: number;
  abandoned: number;
}

/**
 * Delivers the embedded API's queued webhooks, signed as Svix signs them (`svix-id` the message id,
 * the same on every retry; `svix-timestamp` and `svix-signature` new for each try). A 2xx answer
 * removes the row; anything else (refused, no answer in time, a 4xx or 5xx) schedules a retry with
 * backoff, until MAX_DELIVERY_ATTEMPTS. Passes never overlap; `kick()` asks for one now.
 */
export class WebhookSender {
  private readonly fetch: typeof fetch;
  private readonly now: () => number;
  private readonly random: Random;
  private readonly timeoutMs: number;
  private signer: { secret: string; webhook: Webhook } | undefined;
  private running: Promise<DeliveryPass> | undefined;
  private again = false;

  constructor(
    private readonly db: EmbeddedDatabase,
    private readonly options: WebhookSenderOptions,
  ) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Delivers every row that is due; when a pass is already running, one more follows it. */
  deliverDue(): Promise<DeliveryPass> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      const total: DeliveryPass = { delivered: 0, failed: 0, abandoned: 0 };
      try {
        do {
          this.again = false;
          const pass = await this.pass();
          total.delivered += pass.delivered;
          total.failed += pass.failed;
          total.abandoned += pass.abandoned;
          if (pass.delivered + pass.failed + pass.abandoned === ROWS_PER_PASS) this.again = true;
        } while (this.again);
      } finally {
        this.running = undefined;
      }
      return total;
    })();
    return this.running;
  }

  kick(): void {
    this.deliverDue().catch((error: unknown) => log("error", "webhook_delivery_pass_failed", errorFields(error)));
  }

  /** Passes every `intervalMs` (retries fall due between the simulator's steps); returns the stop function. */
  start(intervalMs = 1_000): () => void {
    const timer = setInterval(() => this.kick(), intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  private async pass(): Promise<DeliveryPass> {
    const result: DeliveryPass = { delivered: 0, failed: 0, abandoned: 0 };
    const nowMs = this.now();
    const due = this.db
      .prepare(
        `SELECT id, message_id, payload, attempts, next_attempt_ms FROM webhook_outbox
         WHERE next_attempt_ms <= ? ORDER BY next_attempt_ms, id LIMIT ?`,
      )
      .all(nowMs, ROWS_PER_PASS) as OutboxRow[];
    const target = due.length > 0 ? this.options.target() : undefined;
    if (!target) return result;
    const claim = this.db.prepare(
      "UPDATE webhook_outbox SET next_attempt_ms = ? WHERE id = ? AND next_attempt_ms <= ?",
    );
    for (const row of due) {
      if (claim.run(this.now() + CLAIM_MS, row.id, this.now()).changes !== 1) continue;
      const problem = await this.deliver(row, target);
      if (problem === undefined) {
        this.db.prepare("DELETE FROM webhook_outbox WHERE id = ?").run(row.id);
        result.delivered++;
        continue;
      }
      const attempts = row.attempts + 1;
      const fields = { message_id: row.message_id, attempts, problem };
      if (attempts >= MAX_DELIVERY_ATTEMPTS) {
        this.db.prepare("DELETE FROM webhook_outbox WHERE id = ?").run(row.id);
        log("warn", "webhook_delivery_abandoned", fields);
        result.abandoned++;
        continue;
      }
      // The first failure says what is wrong; the retries after it would only repeat it.
      if (attempts === 1) log("warn", "webhook_delivery_failed", fields);
      this.db
        .prepare("UPDATE webhook_outbox SET attempts = ?, next_attempt_ms = ? WHERE id = ?")
        .run(attempts, this.now() + deliveryRetryDelayMs(attempts, this.random), row.id);
      result.failed++;
    }
    return result;
  }

  /** Undefined when delivered; otherwise what went wrong, for the log (no secret, no body). */
  private async deliver(row: OutboxRow, target: WebhookTarget): Promise<string | undefined> {
    if (this.signer?.secret !== target.secret)
      this.signer = { secret: target.secret, webhook: new Webhook(target.secret) };
    const sentAt = new Date(this.now());
    try {
      const response = await this.fetch(target.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "migration-console-embedded-api",
          "svix-id": row.message_id,
          "svix-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
          "svix-signature": this.signer.webhook.sign(row.message_id, sentAt, row.payload),
        },
        body: row.payload,
        redirect: "manual",
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.body?.cancel().catch(() => {});
      return response.status >= 200 && response.status < 300 ? undefined : `answered ${response.status}`;
    } catch (error) {
      const { error: name, message } = errorFields(error);
      const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : "";
      return `${name}: ${message}${cause}`;
    }
  }
}
