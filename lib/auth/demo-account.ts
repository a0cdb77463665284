import "server-only";
import { type Env, readEnv } from "@/lib/config/env";
import { authenticateApiKey } from "@/lib/embedded-api/api-keys";
import { getEmbeddedDatabase } from "@/lib/embedded-api/database";
import { DEMO_ORGANIZATION } from "@/lib/embedded-api/demo-data";
import { isEmbeddedMode } from "@/lib/embedded-api/settings";

/**
 * The demo account: a published password, so it must only ever open demo data to this machine.
 * It exists only while the app serves its own embedded API's demo organization (no real upstream,
 * and no key of another organization), and only while the server listens on loopback, unless
 * AUTH_DEMO_ACCOUNT=on says otherwise (AUTH_DEMO_ACCOUNT=off turns it off everywhere).
 */
export const DEMO_ACCOUNT = {
  email: "demo@example.com",
  name: "Demo User",
  password: "demo-migrations",
} as const;

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "::1", "[::1]", "localhost"]);

/** BIND_HOST as `npm start` passes it to the server (loopback when unset). */
export function listensOnLoopbackOnly(env: Env = process.env): boolean {
  const host = readEnv("BIND_HOST", env);
  return !host || LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Whether the configured key (none: the demo key) belongs to the embedded API's demo organization. */
function servesDemoOrganization(env: Env): boolean {
  const key = readEnv("MIGRATIONS_API_KEY", env);
  if (!key) return true;
  return authenticateApiKey(getEmbeddedDatabase(), key)?.name === DEMO_ORGANIZATION;
}

export function isDemoAccountEnabled(env: Env = process.env): boolean {
  const setting = readEnv("AUTH_DEMO_ACCOUNT", env);
  if (setting === "off" || !isEmbeddedMode()) return false;
  if (setting === "auto" && !listensOnLoopbackOnly(env)) return false;
  return servesDemoOrganization(env);
}
