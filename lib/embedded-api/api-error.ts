import type { ErrorBody, ErrorType } from "./contract";

/**
 * An error the embedded API answers with its own status and the error envelope
 * `{"error":{"type","message","param?"}}` (the source document leaves error bodies open; this is the
 * shape this app chose, documented in the README's "The embedded Migrations API").
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: ErrorType,
    message: string,
    readonly param?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  toBody(): ErrorBody {
    return { error: { type: this.type, message: this.message, ...(this.param ? { param: this.param } : {}) } };
  }
}

export const notFound = () => new ApiError(404, "not_found", "No such migration.");
