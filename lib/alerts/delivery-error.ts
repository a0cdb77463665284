/**
 * A delivery that did not go through, with a message fit for the Alerts page and the log: what
 * went wrong in a few words (a status code, a refused connection), never the webhook URL, the SMTP
 * password, or anything else secret.
 */
export class DeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeliveryError";
  }
}

/** Printable, one line, at most `max` characters, with each secret (and its URL-encoded form) cut out. */
export function safeExcerpt(text: string, secrets: readonly string[], max = 160): string {
  let clean = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) clean = clean.split(form).join("[hidden]");
  }
  clean = clean
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is removed.
    .replace(/[\u0000-\u001f\u007f]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** The system error code of a failed connection (ECONNREFUSED, ENOTFOUND, …), looking through `cause`s. */
export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
