import "server-only";
import { isEmbeddedMode } from "@/lib/embedded-api/settings";
import { DEFAULT_TIMEOUT_MS } from "./client";

/**
 * Where the Migrations API lives, read from the environment on every call (no caching, so tests and
 * a changed environment are seen at once). Invalid values throw an Error naming the variable, never
 * quoting a value that could be secret.
 */

/** The base URL the client uses in embedded mode; embedded-fetch.ts serves it without any network. */
export const EMBEDDED_BASE_URL = "http://embedded.invalid/api/v1";

/** setTimeout's (and so AbortSignal.timeout's) largest delay. */
const MAX_TIMEOUT_MS = 2_147_483_647;

export interface UpstreamSettings {
  /** "embedded": this app's own Migrations API, in process; "remote": MIGRATIONS_API_URL. */
  mode: "embedded" | "remote";
  /** No trailing slash. */
  baseUrl: string;
  /** MIGRATIONS_API_KEY; undefined when unset (embedded mode then uses its demo key). */
  apiKey: string | undefined;
  timeoutMs: number;
}

function readBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error("MIGRATIONS_API_URL must be an absolute http(s) URL, e.g. https://worker.anon.com/api/v1.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error("MIGRATIONS_API_URL must use http or https.");
  }
  if (url.username || url.password) {
    throw new Error("MIGRATIONS_API_URL must not contain credentials; put the key in MIGRATIONS_API_KEY.");
  }
  if (url.search || url.hash) throw new Error("MIGRATIONS_API_URL must not have a query or a fragment.");
  return url.toString().replace(/\/+$/, "");
}

function readTimeout(raw: string | undefined): number {
  const value = raw?.trim();
  if (!value) return DEFAULT_TIMEOUT_MS;
  const timeoutMs = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
    throw new Error(
      `MIGRATIONS_API_TIMEOUT_MS must be a positive whole number of milliseconds (at most ${MAX_TIMEOUT_MS}).`,
    );
  }
  return timeoutMs;
}

export function upstreamSettings(): UpstreamSettings {
  const env = process.env;
  const embedded = isEmbeddedMode();
  const apiKey = env.MIGRATIONS_API_KEY?.trim() || undefined;
  const timeoutMs = readTimeout(env.MIGRATIONS_API_TIMEOUT_MS);
  if (embedded) {
    return {
      mode: "embedded",
      baseUrl: EMBEDDED_BASE_URL,
      apiKey,
      timeoutMs,
    };
  }
  return {
    mode: "remote",
    baseUrl: readBaseUrl((env.MIGRATIONS_API_URL as string).trim()),
    apiKey,
    timeoutMs,
  };
}
