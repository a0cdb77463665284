import "server-only";
import { readEnv } from "@/lib/config/env";
import { WEBHOOK_ROUTE } from "@/lib/webhooks/route-path";
import { generatedWebhookSecret } from "@/lib/webhooks/secrets";
import type { WebhookTarget } from "./webhook-sender";

/**
 * This app's own webhook route on loopback: `next start` puts the port it listens on into PORT
 * (and `npm start` passes PORT), so it is read at each delivery, not at start. A BIND_HOST of one
 * address is used as it is; the wildcard addresses are reached through loopback.
 */
export function ownWebhookUrl(env: Record<string, string | undefined> = process.env): string {
  const port = Number(readEnv("PORT", env) ?? "3000");
  const bind = readEnv("BIND_HOST", env);
  const host =
    !bind || bind === "0.0.0.0" || bind === "::" || bind === "[::]"
      ? "127.0.0.1"
      : bind.includes(":") && !bind.startsWith("[")
        ? `[${bind}]`
        : bind;
  return `http://${host}:${Number.isSafeInteger(port) && port > 0 ? port : 3000}${WEBHOOK_ROUTE}`;
}

/**
 * Where the embedded API sends its webhooks and with which secret: EMBEDDED_WEBHOOK_URL (default:
 * this app's own route) and EMBEDDED_WEBHOOK_SECRET (default: the first secret this app accepts,
 * MIGRATIONS_WEBHOOK_SECRET's or the generated one), so that by default the whole loop runs within
 * this app. Undefined when EMBEDDED_WEBHOOK_URL=off.
 */
export function embeddedWebhookTarget(
  env: Record<string, string | undefined> = process.env,
): WebhookTarget | undefined {
  const url = readEnv("EMBEDDED_WEBHOOK_URL", env);
  if (url === "off") return undefined;
  const secret =
    readEnv("EMBEDDED_WEBHOOK_SECRET", env) ??
    readEnv("MIGRATIONS_WEBHOOK_SECRET", env)?.[0] ??
    generatedWebhookSecret();
  return { url: url ?? ownWebhookUrl(env), secret };
}
