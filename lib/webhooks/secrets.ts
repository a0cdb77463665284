import "server-only";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/config/data-dir";
import { readEnv } from "@/lib/config/env";
import { keepPrivate } from "@/lib/config/private-files";
import { isEmbeddedMode } from "@/lib/embedded-api/settings";
import { isWebhookSecret } from "./secret-format";

/** The generated secret's file in the data folder (owner-only, like the auth secret and the demo key). */
export function generatedWebhookSecretPath(): string {
  return path.join(dataDir(), "webhook-secret");
}

/** Read once per process and folder: the receiver asks on every delivery. */
const generated = new Map<string, string>();

/**
 * The secret generated for the embedded API's webhooks: made on first use (24 random bytes, as Svix
 * makes them) and kept in the data folder, so the sender and the receiver of this app, and every
 * later start, share it.
 */
export function generatedWebhookSecret(): string {
  const file = generatedWebhookSecretPath();
  const known = generated.get(file);
  if (known) return known;
  let secret = readStored(file);
  if (secret === undefined) {
    const fresh = `whsec_${randomBytes(24).toString("base64")}`;
    try {
      // "wx": another process that made one meanwhile wins, and both use theirs.
      writeFileSync(file, `${fresh}\n`, { mode: 0o600, flag: "wx" });
      secret = fresh;
    } catch {
      secret = readStored(file);
    }
  }
  if (secret === undefined || !isWebhookSecret(secret)) {
    throw new Error(
      "The webhook secret in the data folder (webhook-secret) is not a whsec_ secret: delete the file, and a new one is made.",
    );
  }
  keepPrivate(file);
  generated.set(file, secret);
  return secret;
}

function readStored(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The secrets a delivery's signature is checked against: MIGRATIONS_WEBHOOK_SECRET (several while
 * one is rotated out); unset, the generated one when the app serves its embedded API (whose
 * simulator signs with it); unset with a remote API, none: webhooks are off and every delivery is
 * refused as unsigned.
 */
export function receiverWebhookSecrets(): string[] {
  const configured = readEnv("MIGRATIONS_WEBHOOK_SECRET");
  if (configured) return configured;
  return isEmbeddedMode() ? [generatedWebhookSecret()] : [];
}
