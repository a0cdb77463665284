import { afterEach, describe, expect, it, vi } from "vitest";
import { captureLogPerTest } from "@/lib/logging/testing";
import { InvalidListParamError } from "@/lib/migrations/list-params";
import { UpstreamError, type UpstreamErrorKind } from "@/lib/upstream/errors";
import { BffError } from "./bff-error";
import { errorResponse, methodNotAllowed, toBffError } from "./error-response";

afterEach(() => {
  vi.restoreAllMocks();
});

const log = captureLogPerTest();

interface Body {
  error: { code: string; message: string; param?: string };
}

async function read(response: Response): Promise<Body> {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(response.headers.get("cache-control")).toBe("no-store");
  return (await response.json()) as Body;
}

describe("toBffError", () => {
  it.each<[UpstreamErrorKind, number | undefined, number, string, string]>([
    ["not_found", 404, 404, "not_found", "No migration with this id."],
    ["key_rejected", 401, 502, "key_rejected", "The Migrations API rejected the configured key."],
    ["key_rejected", 403, 502, "key_rejected", "The Migrations API rejected the configured key."],
    ["timed_out", undefined, 504, "timed_out", "The Migrations API did not answer in time."],
    ["unavailable", 503, 502, "upstream_unavailable", "The Migrations API is unavailable (it answered 503)."],
    ["unavailable", undefined, 502, "upstream_unavailable", "The Migrations API could not be reached."],
    [
      "bad_response",
      200,
      502,
      "bad_upstream_response",
      "The Migrations API sent a response this app does not understand.",
    ],
    [
      "bad_response",
      undefined,
      502,
      "bad_upstream_response",
      "The Migrations API sent a response this app does not understand.",
    ],
  ])("maps %s (upstream status %s) to %i %s", (kind, upstreamStatus, status, code, message) => {
    const error = toBffError(
      new UpstreamError(kind, "upstream detail sk_live_SECRET", upstreamStatus ? { status: upstreamStatus } : {}),
    );
    expect(error).toBeInstanceOf(BffError);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.message).toBe(message);
    expect(error.extra).toEqual({});
  });

  it("maps rate_limited to 503 with the upstream's Retry-After", () => {
    const error = toBffError(new UpstreamError("rate_limited", "429", { status: 429, retryAfterSeconds: 7 }));
    expect(error.status).toBe(503);
    expect(error.code).toBe("rate_limited");
    expect(error.extra).toEqual({ retryAfterSeconds: 7 });
  });

  it("maps rate_limited without a Retry-After to 5 seconds", () => {
    const error = toBffError(new UpstreamError("rate_limited", "429", { status: 429 }));
    expect(error.status).toBe(503);
    expect(error.extra).toEqual({ retryAfterSeconds: 5 });
  });

  it("keeps a Retry-After of 0", () => {
    expect(toBffError(new UpstreamError("rate_limited", "429", { retryAfterSeconds: 0 })).extra).toEqual({
      retryAfterSeconds: 0,
    });
  });

  it("maps InvalidListParamError to 400 naming the parameter", () => {
    const error = toBffError(
      new InvalidListParamError("page_size", 'page_size must be one of 10, 25, 50, 100 (got "7")'),
    );
    expect(error.status).toBe(400);
    expect(error.code).toBe("invalid_parameter");
    expect(error.message).toBe('page_size must be one of 10, 25, 50, 100 (got "7")');
    expect(error.extra).toEqual({ param: "page_size" });
  });

  it("passes a BffError through unchanged", () => {
    const original = new BffError(401, "unauthenticated", "Sign in to use this API.");
    expect(toBffError(original)).toBe(original);
  });

  it.each([
    new Error("SQLITE_CORRUPT at /srv/secret/path"),
    new TypeError("x is undefined"),
    "a string",
    null,
    undefined,
    42,
  ])("maps anything else (%s) to a generic 500", (thrown) => {
    const error = toBffError(thrown);
    expect(error.status).toBe(500);
    expect(error.code).toBe("internal_error");
    expect(error.message).toBe("Something went wrong on the server.");
    expect(error.extra).toEqual({});
  });
});

describe("errorResponse", () => {
  it("answers 404 not_found in the one error shape", async () => {
    const response = errorResponse(new UpstreamError("not_found", "x", { status: 404 }));
    expect(response.status).toBe(404);
    expect(await read(response)).toEqual({ error: { code: "not_found", message: "No migration with this id." } });
    expect(response.headers.get("retry-after")).toBeNull();
  });

  it("answers 502 key_rejected without the upstream's own message", async () => {
    const response = errorResponse(
      new UpstreamError("key_rejected", "The Migrations API rejected the API key (401).", { status: 401 }),
    );
    expect(response.status).toBe(502);
    expect(await read(response)).toEqual({
      error: { code: "key_rejected", message: "The Migrations API rejected the configured key." },
    });
  });

  it("answers 503 with a Retry-After header from the error", async () => {
    const response = errorResponse(new UpstreamError("rate_limited", "429", { status: 429, retryAfterSeconds: 9 }));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("9");
    expect((await read(response)).error.code).toBe("rate_limited");
  });

  it("answers 503 with Retry-After 5 when the upstream sent none", async () => {
    const response = errorResponse(new UpstreamError("rate_limited", "429", { status: 429 }));
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
  });

  it.each<[UpstreamErrorKind, number, string]>([
    ["timed_out", 504, "timed_out"],
    ["unavailable", 502, "upstream_unavailable"],
    ["bad_response", 502, "bad_upstream_response"],
  ])("answers %s with %i %s", async (kind, status, code) => {
    const response = errorResponse(new UpstreamError(kind, "detail"));
    expect(response.status).toBe(status);
    expect((await read(response)).error.code).toBe(code);
  });

  it("answers 400 with the parameter for an invalid list parameter", async () => {
    const response = errorResponse(new InvalidListParamError("status", "status must be status names"));
    expect(response.status).toBe(400);
    expect(await read(response)).toEqual({
      error: { code: "invalid_parameter", message: "status must be status names", param: "status" },
    });
  });

  it("answers 500 with a generic message that never includes the original error's message", async () => {
    const response = errorResponse(new Error("connect ECONNREFUSED sk_live_TOPSECRET /var/data/db.sqlite"));
    expect(response.status).toBe(500);
    const text = await response.clone().text();
    expect(text).not.toContain("TOPSECRET");
    expect(text).not.toContain("ECONNREFUSED");
    expect(text).not.toContain("db.sqlite");
    expect(await read(response)).toEqual({
      error: { code: "internal_error", message: "Something went wrong on the server." },
    });
    expect(response.headers.get("retry-after")).toBeNull();
    expect(log.entries()).toEqual([expect.objectContaining({ level: "error", event: "bff_error", error: "Error" })]);
  });

  it("does not log expected upstream failures", () => {
    errorResponse(new UpstreamError("unavailable", "down", { status: 503 }));
    errorResponse(new InvalidListParamError("page", "bad"));
    expect(log.entries()).toEqual([]);
  });

  it("keeps the status and code of a BffError", async () => {
    const response = errorResponse(new BffError(401, "unauthenticated", "Sign in to use this API."));
    expect(response.status).toBe(401);
    expect(await read(response)).toEqual({ error: { code: "unauthenticated", message: "Sign in to use this API." } });
  });
});

describe("methodNotAllowed", () => {
  it("answers 405 in the BFF's error shape, saying GET is the one method", async () => {
    const response = methodNotAllowed();
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET");
    expect(await read(response)).toEqual({
      error: { code: "method_not_allowed", message: "Only GET is supported here." },
    });
  });
});
