import "server-only";
import { Webhook, WebhookVerificationError } from "svix";

/** Why a delivery was refused, for the log only: the caller always gets the same answer. */
export type SignatureFailure = "webhooks_off" | "missing_headers" | "bad_timestamp" | "bad_signature";

export type SignatureCheck = { ok: true; payload: unknown } | { ok: false; reason: SignatureFailure };

/** The signature headers of both schemes: Svix's (`svix-…`) and Standard Webhooks' (`webhook-…`). */
const HEADER_NAMES = [
  "svix-id",
  "svix-timestamp",
  "svix-signature",
  "webhook-id",
  "webhook-timestamp",
  "webhook-signature",
] as const;

/** Verifiers by secret: building one decodes the key. */
const verifiers = new Map<string, Webhook>();

function verifierFor(secret: string): Webhook {
  let verifier = verifiers.get(secret);
  if (!verifier) {
    verifier = new Webhook(secret);
    if (verifiers.size >= 16) verifiers.clear();
    verifiers.set(secret, verifier);
  }
  return verifier;
}

/** A body that is signed but is no JSON: the signature held, the content did not parse. */
export const UNREADABLE_JSON: unique symbol = Symbol("unreadable JSON");

/**
 * Checks a delivery's signature with Svix's library (HMAC-SHA256 over `id.timestamp.body`,
 * compared in constant time, timestamp within 5 minutes of now either way) against each secret in
 * turn: during a rotation the provider signs with the new secret while the old one is still
 * accepted here. Returns the parsed body when one secret matches.
 */
export function verifySignature(body: string, headers: Headers, secrets: readonly string[]): SignatureCheck {
  if (secrets.length === 0) return { ok: false, reason: "webhooks_off" };
  const signatureHeaders: Record<string, string> = {};
  for (const name of HEADER_NAMES) {
    const value = headers.get(name);
    if (value !== null) signatureHeaders[name] = value;
  }
  let reason: SignatureFailure = "bad_signature";
  for (const secret of secrets) {
    try {
      return { ok: true, payload: verifierFor(secret).verify(body, signatureHeaders) };
    } catch (error) {
      if (error instanceof SyntaxError) return { ok: true, payload: UNREADABLE_JSON };
      if (!(error instanceof WebhookVerificationError)) throw error;
      if (/missing required headers/i.test(error.message)) return { ok: false, reason: "missing_headers" };
      // The same for every secret: no use trying the others.
      if (/timestamp|signature headers/i.test(error.message)) return { ok: false, reason: "bad_timestamp" };
      reason = "bad_signature";
    }
  }
  return { ok: false, reason };
}
