import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { errorFields, log } from "@/lib/logging/log";
import { releaseLease, tryHoldLease } from "@/lib/sync/lease";
import { readSyncState } from "@/lib/sync/sync-state";
import { type AlertsConfig, configuredTargets } from "./config";
import { type DeliveryReport, deliverDue, type Senders } from "./delivery";
import { sendAlertEmail } from "./email";
import { fireAlerts } from "./fired-alerts";
import { findAlertCandidates } from "./rules";
import { postToSlack } from "./slack";
import { nextWindow, readAlertWatchState, writeAlertWatchState } from "./watch";

/** Only the holder of this lease evaluates and sends alerts (every instance runs a service). */
export const ALERTS_LEASE = "alerts";

export interface AlertServiceOptions {
  db: Kysely<AppSchema>;
  config: AlertsConfig;
  instanceId: string;
  leaseMs: number;
  /** When this process started: a new watch starts there (see nextWindow). */
  startMs: number;
  now?: () => number;
  /** The real Slack and SMTP senders unless given (tests). */
  senders?: Senders;
}

export interface AlertPass {
  /** Ids of the alerts fired in this pass. */
  fired: number[];
  /** Set while the mirror's first full read runs: nothing was evaluated. */
  waiting?: "first-read";
  delivery: DeliveryReport;
}

/** The real senders for a configuration. */
export function configuredSenders(config: AlertsConfig): Senders {
  const { slack, email } = config;
  return {
    ...(slack ? { slack: (payload) => postToSlack(slack.webhookUrl, payload) } : {}),
    ...(email ? { email: (content) => sendAlertEmail(email, content) } : {}),
  };
}

/**
 * Evaluates the rules and sends what is due, every `config.intervalMs`, in the one instance that
 * holds the "alerts" lease (taken over by another within the lease's time when it stops). Nothing
 * else sends alerts: pages and route handlers only read the tables. Fired alerts and deliveries
 * are rows in the app database, so a restart or a takeover resumes where the last pass stopped.
 */
export class AlertService {
  private readonly now: () => number;
  private readonly senders: Senders;
  leader = false;

  constructor(private readonly options: AlertServiceOptions) {
    this.now = options.now ?? Date.now;
    this.senders = options.senders ?? configuredSenders(options.config);
  }

  /** One pass; undefined when another instance holds the lease. */
  async tick(): Promise<AlertPass | undefined> {
    const { db, config, instanceId, leaseMs } = this.options;
    const now = this.now();
    const held = await tryHoldLease(db, ALERTS_LEASE, instanceId, leaseMs, now);
    if (!held) {
      if (this.leader) log("info", "alerts_lease_lost", { instance: instanceId });
      this.leader = false;
      return undefined;
    }
    if (!this.leader) log("info", "alerts_lease_taken", { instance: instanceId });
    this.leader = true;

    const [stored, sync] = await Promise.all([readAlertWatchState(db), readSyncState(db)]);
    const window = nextWindow(stored, sync?.backfillCompletedMs, now, this.options.startMs);
    let fired: number[] = [];
    if ("fromMs" in window) {
      const candidates = await findAlertCandidates(db, config, { fromMs: window.fromMs, nowMs: now });
      fired = await fireAlerts(db, candidates, configuredTargets(config), now);
      if (fired.length > 0) log("info", "alerts_fired", { count: fired.length });
    }
    const state = { ...window.state, checkedUntilMs: now };
    await writeAlertWatchState(db, state, now);

    const delivery = await deliverDue({
      db,
      senders: this.senders,
      ...(config.appUrl ? { appUrl: config.appUrl } : {}),
      retryBaseMs: config.retryBaseMs,
      nowMs: this.now(),
      lastDigestMs: state.lastDigestMs,
    });
    if (delivery.digests > 0) await writeAlertWatchState(db, state, this.now());
    if (delivery.delivered > 0)
      log("info", "alerts_delivered", { count: delivery.delivered, digests: delivery.digests });
    for (const [target, error] of Object.entries(delivery.errors)) {
      log("warn", "alert_delivery_failed", { target, error, retrying: delivery.failed, given_up: delivery.gaveUp });
    }
    return { fired, ...("waiting" in window ? { waiting: window.waiting } : {}), delivery };
  }

  /** Passes until `signal` aborts, then gives the lease up so another instance takes over at once. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.tick();
      } catch (error) {
        log("error", "alerts_pass_failed", errorFields(error));
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.config.intervalMs);
        signal.addEventListener(
          "abort",
          () => {
            clearTimeout(timer);
            resolve();
          },
          { once: true },
        );
      });
    }
    if (this.leader) {
      await releaseLease(this.options.db, ALERTS_LEASE, this.options.instanceId).catch(() => {});
      this.leader = false;
    }
  }
}
