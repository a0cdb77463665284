import "server-only";
import { readCappedBody } from "@/lib/http/capped-body";
import { errorFields, log } from "@/lib/logging/log";
import { applyWebhookEvent, type WebhookApplying } from "./apply";
import { parseEvent } from "./event";
import { storeEvent } from "./event-store";
import { MAX_WEBHOOK_BODY_BYTES } from "./read-body";
import { UNREADABLE_JSON, verifySignature } from "./verify";

export interface WebhookReceiving {
  /** The secrets deliveries are checked against; none: webhooks are off. */
  secrets: () => string[];
  /** The app database and the read-through, for storing the event and applying it. */
  applying: () => Promise<WebhookApplying>;
  /** Runs work after the answer has been sent (Next's `after`). */
  after: (task: () => Promise<unknown>) => void;
}

export type WebhookErrorCode =
  | "invalid_signature"
  | "payload_too_large"
  | "invalid_event"
  | "internal_error"
  | "method_not_allowed";

function json(body: unknown, status: number): Response {
  return Response.json(body, { status, headers: { "Cache-Control": "no-store" } });
}

function refusal(status: number, code: WebhookErrorCode, message: string): Response {
  return json({ error: { code, message } }, status);
}

/** The one answer to every delivery whose signature does not hold, whatever is wrong with it. */
export const INVALID_SIGNATURE = {
  status: 401,
  body: { error: { code: "invalid_signature" satisfies WebhookErrorCode, message: "invalid signature" } },
} as const;

/**
 * `POST /api/webhooks/migrations`. In order: a body over 64 kB is refused (413) before or while it
 * is read; a signature that does not hold for any secret, a missing header, a timestamp more than
 * 5 minutes off, or webhooks being off are all the same 401 (an unsigned caller learns nothing
 * else); nothing is stored for any of these. A signed body that is no event is a 400 saying what is
 * wrong; an event type this app does not act on is acknowledged (200) and dropped. An event is
 * stored once by its id (a repeat is acknowledged, 200, and does nothing), answered 202 at once,
 * and applied to the mirror after the answer.
 */
export async function receiveMigrationWebhook(request: Request, deps: WebhookReceiving): Promise<Response> {
  try {
    const body = await readCappedBody(request, MAX_WEBHOOK_BODY_BYTES);
    if (!body.ok) {
      log("warn", "webhook_rejected", { reason: "too_large" });
      return refusal(413, "payload_too_large", `The body is over ${MAX_WEBHOOK_BODY_BYTES} bytes.`);
    }
    const check = verifySignature(body.text, request.headers, deps.secrets());
    if (!check.ok) {
      log("warn", "webhook_rejected", { reason: check.reason });
      return json(INVALID_SIGNATURE.body, INVALID_SIGNATURE.status);
    }
    const parsed = parseEvent(check.payload === UNREADABLE_JSON ? undefined : check.payload);
    if (parsed.kind === "invalid") {
      const problem = check.payload === UNREADABLE_JSON ? "the body is not JSON" : parsed.problem;
      log("warn", "webhook_invalid_event", { problem });
      return refusal(400, "invalid_event", `Not a migration event: ${problem}.`);
    }
    if (parsed.kind === "ignored") {
      log("info", "webhook_ignored", { event_id: parsed.id, type: parsed.type });
      return json({ received: true, ignored: true }, 200);
    }
    const applying = await deps.applying();
    const event = parsed.event;
    if ((await storeEvent(applying.db, event, applying.now())) === "duplicate") {
      return json({ received: true, duplicate: true }, 200);
    }
    deps.after(async () => {
      try {
        await applyWebhookEvent(applying, event.id);
      } catch (error) {
        // Still stored and due: the periodic pass applies it.
        log("error", "webhook_apply_failed", { event_id: event.id, ...errorFields(error) });
      }
    });
    return json({ received: true }, 202);
  } catch (error) {
    log("error", "webhook_receive_failed", errorFields(error));
    return refusal(500, "internal_error", "The event could not be received; send it again later.");
  }
}

/** Any other method: 405 with `Allow: POST`, in the same error shape. */
export function webhookMethodNotAllowed(): Response {
  return Response.json(
    { error: { code: "method_not_allowed", message: "Only POST is supported here." } },
    { status: 405, headers: { Allow: "POST", "Cache-Control": "no-store" } },
  );
}
