import "server-only";

/**
 * What went wrong talking to the Migrations API, in the app's terms. The BFF turns each kind into
 * its own status and the UI into its own message.
 */
export type UpstreamErrorKind =
  | "key_rejected"
  | "not_found"
  | "rate_limited"
  | "unavailable"
  | "timed_out"
  | "bad_response";

export interface UpstreamErrorOptions {
  /** The upstream's HTTP status, when there was a response. */
  status?: number;
  /** For rate_limited: the upstream's Retry-After, in whole seconds, when it sent one. */
  retryAfterSeconds?: number;
}

/** Every UpstreamError carries it, whichever copy of this module made the error (see below). */
const UPSTREAM_ERROR: unique symbol = Symbol.for("migration-console.upstream-error");

/**
 * A failure of a Migrations API call. Its message is safe to show and to log: it never contains
 * the API key, an upstream body or a URL, and no `cause` is attached (a lower-level error could
 * carry request details).
 */
export class UpstreamError extends Error {
  override readonly name = "UpstreamError";
  readonly kind: UpstreamErrorKind;
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly [UPSTREAM_ERROR] = true;

  /**
   * Next gives each page and route handler its own copy of this module, while a read-through in
   * flight is shared by all of them (lib/sync/read-through.ts keeps it on globalThis). A page and a
   * BFF request reading one unknown id at once share one upstream 404, thrown as the first one's
   * class: `instanceof` checks the brand, so the second still sees a not_found (not a 500, not a
   * page where a 404 belongs).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && UPSTREAM_ERROR in value;
  }

  constructor(kind: UpstreamErrorKind, message: string, options: UpstreamErrorOptions = {}) {
    super(message);
    this.kind = kind;
    if (options.status !== undefined) this.status = options.status;
    if (options.retryAfterSeconds !== undefined) this.retryAfterSeconds = options.retryAfterSeconds;
  }

  toJSON(): { name: string; kind: UpstreamErrorKind; message: string; status?: number; retryAfterSeconds?: number } {
    return {
      name: this.name,
      kind: this.kind,
      message: this.message,
      ...(this.status !== undefined ? { status: this.status } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
    };
  }
}

export function isUpstreamError(error: unknown): error is UpstreamError {
  return error instanceof UpstreamError;
}

/**
 * The error for an HTTP status that is not a success. Returns a bad_response for a redirect or an
 * unexpected status (e.g. 400, 418): this client sends well-formed GETs, so those mean the upstream
 * is not the API we expect.
 */
export function errorForStatus(status: number, retryAfterSeconds?: number): UpstreamError {
  if (status === 401 || status === 403) {
    return new UpstreamError("key_rejected", `The Migrations API rejected the API key (${status}).`, { status });
  }
  if (status === 404) {
    return new UpstreamError("not_found", "The Migrations API found no such migration (404).", { status });
  }
  if (status === 429) {
    const wait = retryAfterSeconds !== undefined ? ` Retry after ${retryAfterSeconds} s.` : "";
    return new UpstreamError("rate_limited", `The Migrations API is limiting requests (429).${wait}`, {
      status,
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    });
  }
  if (status >= 500 && status <= 599) {
    return new UpstreamError("unavailable", `The Migrations API answered ${status}.`, { status });
  }
  if (status >= 300 && status <= 399) {
    return new UpstreamError("bad_response", `The Migrations API answered with a redirect (${status}).`, { status });
  }
  return new UpstreamError("bad_response", `The Migrations API answered with an unexpected status (${status}).`, {
    status,
  });
}
