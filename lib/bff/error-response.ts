import "server-only";
import { errorFields, log } from "@/lib/logging/log";
import { InvalidListParamError } from "@/lib/migrations/list-params";
import { UpstreamError, type UpstreamErrorKind } from "@/lib/upstream/errors";
import { BffError, type BffErrorBody, type BffErrorCode } from "./bff-error";

const DEFAULT_RETRY_AFTER_SECONDS = 5;

/**
 * Each kind of upstream trouble in the BFF's terms: a status, a code the UI has a message for, and a
 * message that names the problem. A record over the kinds: a new kind fails the type check here.
 */
const UPSTREAM_ERRORS: Record<
  UpstreamErrorKind,
  { status: number; code: BffErrorCode; message: (error: UpstreamError) => string }
> = {
  not_found: { status: 404, code: "not_found", message: () => "No migration with this id." },
  key_rejected: { status: 502, code: "key_rejected", message: () => "The Migrations API rejected the configured key." },
  rate_limited: {
    status: 503,
    code: "rate_limited",
    message: () => "The Migrations API is rate limiting this app; try again shortly.",
  },
  timed_out: { status: 504, code: "timed_out", message: () => "The Migrations API did not answer in time." },
  unavailable: {
    status: 502,
    code: "upstream_unavailable",
    message: (error) =>
      error.status
        ? `The Migrations API is unavailable (it answered ${error.status}).`
        : "The Migrations API could not be reached.",
  },
  bad_response: {
    status: 502,
    code: "bad_upstream_response",
    message: () => "The Migrations API sent a response this app does not understand.",
  },
};

/** Any failure in the BFF's terms (see UPSTREAM_ERRORS); anything unknown is a generic 500. */
export function toBffError(error: unknown): BffError {
  if (error instanceof BffError) return error;
  if (error instanceof InvalidListParamError) {
    return new BffError(400, "invalid_parameter", error.message, { param: error.param });
  }
  if (error instanceof UpstreamError) {
    const { status, code, message } = UPSTREAM_ERRORS[error.kind];
    return new BffError(
      status,
      code,
      message(error),
      error.kind === "rate_limited"
        ? { retryAfterSeconds: error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS }
        : undefined,
    );
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

/** Every method but GET: the BFF's one error shape with `Allow`, not Next's empty 405. */
export function methodNotAllowed(): Response {
  const response = errorResponse(new BffError(405, "method_not_allowed", "Only GET is supported here."));
  response.headers.set("Allow", "GET");
  return response;
}
