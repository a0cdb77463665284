import "server-only";
import { createHash } from "node:crypto";
import { embeddedApiContext } from "@/lib/embedded-api/context";
import { readDemoApiKey } from "@/lib/embedded-api/demo-key";
import { createUpstreamClient, type UpstreamClient } from "@/lib/upstream/client";
import { type UpstreamSettings, upstreamSettings } from "@/lib/upstream/config";
import { createEmbeddedFetch } from "@/lib/upstream/embedded-fetch";
import { BffError } from "./bff-error";
import { MigrationIndex } from "./migration-index";
import { walkAllMigrations } from "./walk-upstream";

export interface UpstreamAccess {
  settings: UpstreamSettings;
  client: UpstreamClient;
  index: MigrationIndex;
}

/** MIGRATIONS_INDEX_MAX_AGE_MS: how old the shared index may get before a read refreshes it. */
function indexMaxAgeMs(): number {
  const raw = process.env.MIGRATIONS_INDEX_MAX_AGE_MS?.trim();
  if (!raw) return 15_000;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(value)) {
    throw new Error("MIGRATIONS_INDEX_MAX_AGE_MS must be a whole number of milliseconds.");
  }
  return value;
}

function apiKeyFor(settings: UpstreamSettings): string {
  const key = settings.apiKey ?? (settings.mode === "embedded" ? readDemoApiKey() : undefined);
  if (!key) {
    throw new BffError(
      500,
      "not_configured",
      settings.mode === "embedded"
        ? "The embedded Migrations API has no demo key yet; restart the server."
        : "The server has no key for the Migrations API: set MIGRATIONS_API_KEY.",
    );
  }
  return key;
}

const globalForIndexes = globalThis as typeof globalThis & { __migrationIndexes?: Map<string, MigrationIndex> };
globalForIndexes.__migrationIndexes ??= new Map();
const indexes = globalForIndexes.__migrationIndexes;

/**
 * The client for the configured Migrations API and the index shared by every user of that
 * upstream and key. The key itself is never used as a map key or logged: only its hash.
 */
export function upstreamAccess(): UpstreamAccess {
  const settings = upstreamSettings();
  const apiKey = apiKeyFor(settings);
  const client = createUpstreamClient({
    baseUrl: settings.baseUrl,
    apiKey,
    timeoutMs: settings.timeoutMs,
    ...(settings.mode === "embedded" ? { fetch: createEmbeddedFetch(embeddedApiContext()) } : {}),
  });
  const indexKey = `${settings.baseUrl}|${createHash("sha256").update(apiKey).digest("hex")}`;
  let index = indexes.get(indexKey);
  if (!index) {
    // The walk uses the client of the access that created the index: same upstream, same key.
    index = new MigrationIndex(() => walkAllMigrations(client), indexMaxAgeMs());
    indexes.set(indexKey, index);
  }
  return { settings, client, index };
}
