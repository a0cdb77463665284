import "server-only";
import { appDatabase } from "@/lib/db/connection";
import { errorFields, log } from "@/lib/logging/log";
import { readThrough } from "@/lib/sync/read-through";
import { configuredUpstream } from "@/lib/upstream/configured-upstream";
import { applyDueWebhookEvents, type WebhookApplying } from "./apply";
import { receiverWebhookSecrets } from "./secrets";

/** This process's app database and read-through (within the request budget), for applying events. */
export async function webhookApplying(): Promise<WebhookApplying> {
  const { db } = await appDatabase();
  return { db, readThrough: (id) => readThrough(db, configuredUpstream().client, id), now: Date.now };
}

/** How often stored events that are due (retries; anything a crash left) are looked for. */
const SWEEP_INTERVAL_MS = 5_000;

const globalForWebhooks = globalThis as typeof globalThis & { __webhookSweep?: () => void };

/**
 * Started with the server when webhooks are on: every few seconds, applies the stored events that
 * are due. Each event is claimed in the database first, so several instances share the work
 * without applying one event twice at once.
 */
export function startWebhookSweep(): void {
  if (globalForWebhooks.__webhookSweep) return;
  let secrets: string[];
  try {
    secrets = receiverWebhookSecrets();
  } catch (error) {
    log("error", "webhooks_not_started", errorFields(error));
    return;
  }
  if (secrets.length === 0) {
    log("info", "webhooks_off", { message: "MIGRATIONS_WEBHOOK_SECRET is unset: webhook deliveries are refused" });
    return;
  }
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    webhookApplying()
      .then((applying) => applyDueWebhookEvents(applying))
      .catch((error: unknown) => log("error", "webhook_sweep_failed", errorFields(error)))
      .finally(() => {
        running = false;
      });
  }, SWEEP_INTERVAL_MS);
  timer.unref();
  globalForWebhooks.__webhookSweep = () => clearInterval(timer);
}
