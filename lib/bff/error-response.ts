import "server-only";
import { errorFields, log } from "@/lib/logging/log";
import { InvalidListParamError } from "@/lib/migrations/list-params";
import { UpstreamError } from "@/lib/upstream/errors";
import { BffError, type BffErrorBody } from "./bff-error";

const DEFAULT_RETRY_AFTER_SECONDS = 5;

/** Upstream trouble in the BFF's terms: a specific status and a message that names the problem. */
export function toBffError(error: unknown): BffError {
  if (error instanceof BffError) return error;
  if (error instanceof InvalidListParamError) {
    return new BffError(400, "invalid_parameter", error.message, { param: error.param });
  }
  if (error instanceof UpstreamError) {
    switch (error.kind) {
      case "not_found":
        return new BffError(404, "not_found", "No migration with this id.");
      case "key_rejected":
        return new BffError(502, "key_rejected", "The Migrations API rejected the configured key.");
      case "rate_limited":
        return new BffError(503, "rate_limited", "The Migrations API is rate limiting this app; try again shortly.", {
          retryAfterSeconds: error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS,
        });
      case "timed_out":
        return new BffError(504, "timed_out", "The Migrations API did not answer in time.");
      case "unavailable":
        return new BffError(
          502,
          "upstream_unavailable",
          error.status
            ? `The Migrations API is unavailable (it answered ${error.status}).`
            : "The Migrations API could not be reached.",
        );
      case "bad_response":
        return new BffError(
          502,
          "bad_upstream_response",
          "The Migrations API sent a response this app does not understand.",
        );
    }
  }
  return new BffError(500, "internal_error", "Something went wrong on the server.");
}

export function errorResponse(error: unknown): Response {
  const bffError = toBffError(error);
  if (bffError.code === "internal_error" || bffError.code === "not_configured") {
    // Logged without request details; the client gets only the generic message above.
    log("error", "bff_error", errorFields(error));
  }
  const body: BffErrorBody = {
    error: {
      code: bffError.code,
      message: bffError.message,
      ...(bffError.extra.param ? { param: bffError.extra.param } : {}),
    },
  };
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (bffError.extra.retryAfterSeconds !== undefined) headers["Retry-After"] = String(bffError.extra.retryAfterSeconds);
  return Response.json(body, { status: bffError.status, headers });
}
