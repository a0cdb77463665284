import "server-only";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/config/data-dir";
import { keepPrivate } from "@/lib/config/private-files";
import { authenticateApiKey, createApiKey } from "./api-keys";
import type { EmbeddedDatabase } from "./database";
import { DEMO_ORGANIZATION } from "./demo-data";
import { ensureOrganization } from "./organizations";

/**
 * The key the dashboard uses against the embedded API when MIGRATIONS_API_KEY is unset.
 * It is created on first start and kept in the data folder (owner-only), never in the repo.
 */
export function demoKeyPath(): string {
  return path.join(dataDir(), "demo-api-key");
}

export function readDemoApiKey(): string | undefined {
  try {
    return readFileSync(demoKeyPath(), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Makes sure the demo key file holds a working key of the demo organization; returns that key. */
export function ensureDemoApiKey(db: EmbeddedDatabase): string {
  const existing = readDemoApiKey();
  if (existing && authenticateApiKey(db, existing)) {
    keepPrivate(demoKeyPath());
    return existing;
  }
  const { key } = createApiKey(db, ensureOrganization(db, DEMO_ORGANIZATION), "dashboard (demo key)");
  writeFileSync(demoKeyPath(), `${key}\n`, { mode: 0o600 });
  keepPrivate(demoKeyPath());
  return key;
}
