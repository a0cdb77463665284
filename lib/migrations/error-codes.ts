/**
 * Every error code the browser can meet: the BFF's (in `{"error":{"code","message"}}`) and the
 * client's own for trouble before a BFF answer. Shared by the server, which sends them, and the UI,
 * whose message table is keyed by this union: a new code fails the type check until it has a message.
 */
export const BFF_ERROR_CODES = [
  "unauthenticated",
  "invalid_parameter",
  "method_not_allowed",
  "not_found",
  "key_rejected",
  "rate_limited",
  "timed_out",
  "upstream_unavailable",
  "bad_upstream_response",
  "not_configured",
  "internal_error",
] as const;

export type BffErrorCode = (typeof BFF_ERROR_CODES)[number];

/** No answer at all; an answer that is not the BFF's error shape; an answer of the wrong shape. */
export const CLIENT_ERROR_CODES = ["network", "unexpected", "bad_format"] as const;

export type ClientErrorCode = BffErrorCode | (typeof CLIENT_ERROR_CODES)[number];

const KNOWN: ReadonlySet<string> = new Set([...BFF_ERROR_CODES, ...CLIENT_ERROR_CODES]);

/** A code from the wire as one the UI knows; anything else is "unexpected". */
export function toClientErrorCode(code: unknown): ClientErrorCode {
  return typeof code === "string" && KNOWN.has(code) ? (code as ClientErrorCode) : "unexpected";
}
