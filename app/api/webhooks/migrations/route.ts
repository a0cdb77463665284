import { after } from "next/server";
import { receiveMigrationWebhook, webhookMethodNotAllowed } from "@/lib/webhooks/receive";
import { receiverWebhookSecrets } from "@/lib/webhooks/secrets";
import { webhookApplying } from "@/lib/webhooks/service";

export const dynamic = "force-dynamic";

/** Signed webhooks of the Migrations API: the one route reachable without a session (the signature is its credential). */
export function POST(request: Request): Promise<Response> {
  return receiveMigrationWebhook(request, { secrets: receiverWebhookSecrets, applying: webhookApplying, after });
}

export {
  webhookMethodNotAllowed as GET,
  webhookMethodNotAllowed as PUT,
  webhookMethodNotAllowed as PATCH,
  webhookMethodNotAllowed as DELETE,
};
