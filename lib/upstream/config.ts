import "server-only";
import { readEnv } from "@/lib/config/env";

/**
 * Where the Migrations API lives, read from the environment on every call (no caching, so tests and
 * a changed environment are seen at once). Invalid values throw an Error naming the variable, never
 * quoting a value that could be secret.
 */

/** The base URL the client uses in embedded mode; embedded-fetch.ts serves it without any network. */
export const EMBEDDED_BASE_URL = "http://embedded.invalid/api/v1";

export interface UpstreamSettings {
  /** "embedded": this app's own Migrations API, in process; "remote": MIGRATIONS_API_URL. */
  mode: "embedded" | "remote";
  /** No trailing slash. */
  baseUrl: string;
  /** MIGRATIONS_API_KEY; undefined when unset (embedded mode then uses its demo key). */
  apiKey: string | undefined;
  timeoutMs: number;
}

export function upstreamSettings(): UpstreamSettings {
  const apiKey = readEnv("MIGRATIONS_API_KEY");
  const timeoutMs = readEnv("MIGRATIONS_API_TIMEOUT_MS");
  const baseUrl = readEnv("MIGRATIONS_API_URL");
  if (baseUrl === undefined) return { mode: "embedded", baseUrl: EMBEDDED_BASE_URL, apiKey, timeoutMs };
  return { mode: "remote", baseUrl, apiKey, timeoutMs };
}
