import type { BffErrorCode } from "@/lib/migrations/error-codes";

export type { BffErrorCode };

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
