/** Codes the browser receives in `{"error":{"code","message"}}`; the UI picks its message by code. */
export type BffErrorCode =
  | "unauthenticated"
  | "invalid_parameter"
  | "not_found"
  | "key_rejected"
  | "rate_limited"
  | "timed_out"
  | "upstream_unavailable"
  | "bad_upstream_response"
  | "not_configured"
  | "internal_error";

export interface BffErrorBody {
  error: { code: BffErrorCode; message: string; param?: string };
}

export class BffError extends Error {
  constructor(
    readonly status: number,
    readonly code: BffErrorCode,
    message: string,
    readonly extra: { param?: string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "BffError";
  }
}
