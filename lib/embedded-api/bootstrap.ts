import "server-only";
import { log } from "@/lib/logging/log";
import { getEmbeddedDatabase } from "./database";
import { DEFAULT_DEMO_DATA } from "./demo-data";
import { ensureDemoApiKey } from "./demo-key";
import { countAllMigrations } from "./migrations-store";
import { seedDatabase } from "./seed-database";
import { isSimulationEnabled } from "./settings";
import { startSimulator } from "./simulator";

/**
 * Runs once when the server starts in embedded mode: schema up to date, demo data on an empty
 * database, the dashboard's demo key, and the simulator unless EMBEDDED_SIMULATION=off.
 */
export function startEmbeddedApi(): void {
  const db = getEmbeddedDatabase();
  if (countAllMigrations(db) === 0) {
    const count = seedDatabase(db, { ...DEFAULT_DEMO_DATA, now: new Date() });
    log("info", "embedded_api_seeded", { migrations: count });
  }
  ensureDemoApiKey(db);
  if (isSimulationEnabled()) startSimulator(db);
}
