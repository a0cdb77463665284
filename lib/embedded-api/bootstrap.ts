import "server-only";
import { readEnv } from "@/lib/config/env";
import { errorFields, log } from "@/lib/logging/log";
import { authenticateApiKey } from "./api-keys";
import { type EmbeddedDatabase, getEmbeddedDatabase } from "./database";
import { DEFAULT_DEMO_DATA } from "./demo-data";
import { ensureDemoApiKey } from "./demo-key";
import { countAllMigrations } from "./migrations-store";
import { seedDatabase } from "./seed-database";
import { isSimulationEnabled } from "./settings";
import { startSimulator } from "./simulator";
import { WebhookSender } from "./webhook-sender";
import { embeddedWebhookTarget } from "./webhook-settings";

/**
 * Runs once when the server starts in embedded mode: schema up to date, demo data on an empty
 * database, the dashboard's demo key, and the simulator unless EMBEDDED_SIMULATION=off, with the
 * webhook sender for its changes unless EMBEDDED_WEBHOOK_URL=off.
 */
export function startEmbeddedApi(): void {
  const db = getEmbeddedDatabase();
  if (countAllMigrations(db) === 0) {
    const count = seedDatabase(db, { ...DEFAULT_DEMO_DATA, now: new Date() });
    log("info", "embedded_api_seeded", { migrations: count });
  }
  const demoKey = ensureDemoApiKey(db);
  if (!isSimulationEnabled()) return;
  const sender = startWebhookSender(db, demoKey);
  startSimulator(db, {
    ...(sender ? { webhooksFor: sender.organizationId } : {}),
    ...(sender ? { afterStep: () => sender.sender.kick() } : {}),
  });
}

/**
 * The sender of the simulator's webhooks, for the organization the app reads (that of
 * MIGRATIONS_API_KEY, else the demo key's): the provider sends each organization's events to its
 * own endpoint. Undefined when webhooks are off or cannot be set up (said in the log).
 */
function startWebhookSender(
  db: EmbeddedDatabase,
  demoKey: string,
): { sender: WebhookSender; organizationId: string } | undefined {
  try {
    if (embeddedWebhookTarget() === undefined) return undefined;
    const organization = authenticateApiKey(db, readEnv("MIGRATIONS_API_KEY") ?? demoKey);
    if (!organization) {
      log("warn", "embedded_webhooks_off", { message: "MIGRATIONS_API_KEY is no key of the embedded API" });
      return undefined;
    }
    const sender = new WebhookSender(db, { target: () => embeddedWebhookTarget() });
    sender.start();
    return { sender, organizationId: organization.id };
  } catch (error) {
    log("error", "embedded_webhooks_not_started", errorFields(error));
    return undefined;
  }
}
