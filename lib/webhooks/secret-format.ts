/**
 * A Standard Webhooks secret as Svix shows it: `whsec_` and the key in base64, 24 to 64 bytes
 * (Svix makes 24). Checked before use, so a mistyped secret stops the server with a clear error
 * instead of failing every delivery.
 */
const SECRET_PATTERN = /^whsec_((?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?)$/;

export function isWebhookSecret(value: string): boolean {
  const match = SECRET_PATTERN.exec(value);
  if (!match) return false;
  const bytes = Buffer.from(match[1] as string, "base64").length;
  return bytes >= 24 && bytes <= 64;
}
