import "server-only";

/** EMBEDDED_API_STRICT=1: offer exactly the documented contract (page and page_size, no filter extensions). */
export function isStrictContract(): boolean {
  return process.env.EMBEDDED_API_STRICT === "1";
}

/** EMBEDDED_SIMULATION=off turns off simulated new migrations and status changes. */
export function isSimulationEnabled(): boolean {
  const value = process.env.EMBEDDED_SIMULATION?.trim().toLowerCase();
  return !(value === "off" || value === "0" || value === "false");
}

/** The embedded API only runs as the data source when no real upstream is configured. */
export function isEmbeddedMode(): boolean {
  return !process.env.MIGRATIONS_API_URL?.trim();
}
