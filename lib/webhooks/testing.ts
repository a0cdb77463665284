/**
 * Helpers for the webhook tests only: events and signed deliveries as the provider (Svix) makes
 * them, signed with Svix's own library. Never import this from production code.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { Webhook } from "svix";

/** A fresh secret, as Svix makes them (24 random bytes). */
export function newSecret(): string {
  return `whsec_${randomBytes(24).toString("base64")}`;
}

export interface TestEvent {
  id: string;
  object: string;
  created: string;
  type: string;
  data: { object: string; migration_id: string; error_message?: string | null };
}

/** An event body as the provider sends it; a fresh `evt_…` id unless given. */
export function testEvent(
  type: string,
  migrationId: string,
  overrides: Partial<Omit<TestEvent, "data">> & { errorMessage?: string | null; createdMs?: number } = {},
): TestEvent {
  const { errorMessage, createdMs = Date.now(), ...rest } = overrides;
  return {
    id: `evt_${randomBytes(12).toString("hex")}`,
    object: "event",
    created: new Date(createdMs).toISOString(),
    type,
    data: {
      object: "migration",
      migration_id: migrationId,
      ...(errorMessage !== undefined ? { error_message: errorMessage } : {}),
    },
    ...rest,
  };
}

export interface Signing {
  secret: string;
  /** `svix` (Svix's header names) or `webhook` (Standard Webhooks'). */
  prefix?: "svix" | "webhook";
  /** The delivery's message id; a fresh `msg_…` unless given. */
  messageId?: string;
  /** Seconds since the epoch; now unless given. */
  timestamp?: number;
}

/** The three signature headers of a delivery of `body`. */
export function signatureHeaders(body: string, signing: Signing): Record<string, string> {
  const prefix = signing.prefix ?? "svix";
  const messageId = signing.messageId ?? `msg_${randomUUID().replaceAll("-", "")}`;
  const timestamp = signing.timestamp ?? Math.floor(Date.now() / 1000);
  const signature = new Webhook(signing.secret).sign(messageId, new Date(timestamp * 1000), body);
  return {
    [`${prefix}-id`]: messageId,
    [`${prefix}-timestamp`]: String(timestamp),
    [`${prefix}-signature`]: signature,
  };
}

/** A POST of `body` to the webhook route, with these headers. */
export function deliveryRequest(body: BodyInit, headers: Record<string, string>): Request {
  return new Request("http://127.0.0.1/api/webhooks/migrations", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
}
