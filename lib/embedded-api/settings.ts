import "server-only";
import { readEnv } from "@/lib/config/env";

/** EMBEDDED_API_STRICT=1: offer exactly the documented contract (page and page_size, no filter extensions). */
export function isStrictContract(): boolean {
  return readEnv("EMBEDDED_API_STRICT");
}

/** EMBEDDED_SIMULATION=off turns off simulated new migrations and status changes. */
export function isSimulationEnabled(): boolean {
  return readEnv("EMBEDDED_SIMULATION");
}

/**
 * The embedded API only runs as the data source when no real upstream is configured. Only whether
 * the variable is set counts here: a bad value is reported where the upstream's settings are read.
 */
export function isEmbeddedMode(): boolean {
  return !process.env.MIGRATIONS_API_URL?.trim();
}
