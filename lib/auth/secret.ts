import "server-only";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/config/data-dir";
import { readEnv } from "@/lib/config/env";
import { keepPrivate } from "@/lib/config/private-files";

let generated: string | undefined;

/**
 * AUTH_SECRET, or one generated on first use and kept (owner-only) in the data folder. The file is
 * read once per process: the config that asks for it is built on every request.
 */
export function authSecret(): string {
  const fromEnv = readEnv("AUTH_SECRET");
  if (fromEnv) return fromEnv;
  generated ??= loadOrCreateSecret();
  return generated;
}

function loadOrCreateSecret(): string {
  const file = path.join(dataDir(), "auth-secret");
  try {
    const stored = readFileSync(file, "utf8").trim();
    if (stored) {
      keepPrivate(file);
      return stored;
    }
  } catch {
    // Not created yet.
  }
  const secret = randomBytes(32).toString("base64url");
  // "wx": if another process created it meanwhile, keep theirs rather than overwrite.
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
    return secret;
  } catch {
    return readFileSync(file, "utf8").trim();
  }
}
