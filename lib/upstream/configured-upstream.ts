import "server-only";
import { createHash } from "node:crypto";
import { embeddedApiContext } from "@/lib/embedded-api/context";
import { readDemoApiKey } from "@/lib/embedded-api/demo-key";
import { budgetedFetch, RequestBudget } from "@/lib/sync/request-budget";
import { syncSettings } from "@/lib/sync/settings";
import { createUpstreamClient, type UpstreamClient } from "./client";
import { type UpstreamSettings, upstreamSettings } from "./config";
import { createEmbeddedFetch } from "./embedded-fetch";
import { UpstreamError } from "./errors";

export interface ConfiguredUpstream {
  settings: UpstreamSettings;
  /** Every call spends the process's one request budget (MIGRATIONS_API_MAX_RPS). */
  client: UpstreamClient;
  budget: RequestBudget;
  /** Which upstream and key, as a hash: the key itself is never a map key or logged. */
  scope: string;
}

function apiKeyFor(settings: UpstreamSettings): string {
  const key = settings.apiKey ?? (settings.mode === "embedded" ? readDemoApiKey() : undefined);
  if (!key) {
    throw new UpstreamError(
      "key_rejected",
      settings.mode === "embedded"
        ? "The embedded Migrations API has no demo key yet; restart the server."
        : "The server has no key for the Migrations API: set MIGRATIONS_API_KEY.",
    );
  }
  return key;
}

const globalForBudget = globalThis as typeof globalThis & { __upstreamBudget?: RequestBudget };

/** The process's request budget, shared by the sync engine and the detail read-through. */
export function upstreamBudget(): RequestBudget {
  const rps = syncSettings().maxRps;
  if (globalForBudget.__upstreamBudget?.ratePerSecond !== rps)
    globalForBudget.__upstreamBudget = new RequestBudget(rps);
  return globalForBudget.__upstreamBudget;
}

/** The client for the configured Migrations API, within the request budget. */
export function configuredUpstream(): ConfiguredUpstream {
  const settings = upstreamSettings();
  const apiKey = apiKeyFor(settings);
  const budget = upstreamBudget();
  const transport = settings.mode === "embedded" ? createEmbeddedFetch(embeddedApiContext()) : globalThis.fetch;
  const client = createUpstreamClient({
    baseUrl: settings.baseUrl,
    apiKey,
    timeoutMs: settings.timeoutMs,
    fetch: budgetedFetch(transport, budget),
  });
  const scope = createHash("sha256").update(`${settings.baseUrl}|${apiKey}`).digest("hex").slice(0, 32);
  return { settings, client, budget, scope };
}
