import "server-only";
import { DeliveryError, errorCode, safeExcerpt } from "./delivery-error";
import type { SlackPayload } from "./messages";

export interface SlackOptions {
  /** The whole request's time budget. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const SLACK_TIMEOUT_MS = 10_000;

/**
 * Posts one message to a Slack-compatible incoming webhook. Any 2xx is delivered; anything else
 * (another status, a redirect, no connection, no answer in time) throws a DeliveryError whose
 * message never holds the URL: in an incoming-webhook URL, the path is the secret.
 */
export async function postToSlack(webhookUrl: string, payload: SlackPayload, options: SlackOptions = {}) {
  const timeoutMs = options.timeoutMs ?? SLACK_TIMEOUT_MS;
  const secrets = [webhookUrl, new URL(webhookUrl).pathname];
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(webhookUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json; charset=utf-8" },
      body: JSON.stringify(payload),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if ((error as Error).name === "TimeoutError" || (error as Error).name === "AbortError") {
      const budget = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`;
      throw new DeliveryError(`the webhook did not answer within ${budget}`);
    }
    const code = errorCode(error);
    throw new DeliveryError(`could not reach the webhook${code ? ` (${code})` : ""}`);
  }
  if (response.ok) {
    await response.body?.cancel().catch(() => {});
    return;
  }
  const body = await response.text().catch(() => "");
  const excerpt = safeExcerpt(body, secrets, 120);
  throw new DeliveryError(`the webhook answered HTTP ${response.status}${excerpt ? `: ${excerpt}` : ""}`);
}
