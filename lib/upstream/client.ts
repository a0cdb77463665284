import "server-only";
import { readCappedBody } from "@/lib/http/capped-body";
import type { Migration } from "@/lib/migrations/migration";
import { isMigrationId } from "@/lib/migrations/migration-id";
import { errorForStatus, UpstreamError } from "./errors";
import {
  type MigrationListPage,
  readMigration,
  readMigrationList,
  readMigrationListTolerant,
  type TolerantMigrationListPage,
} from "./reader";

/**
 * The one client every Migrations API call goes through (server only: it holds the secret key).
 * Each call has one total time budget across its attempts and backoff waits; it retries GETs on
 * 429, 502, 503, 504 and network errors with exponential backoff and full jitter, honouring
 * Retry-After; and it turns every failure into an UpstreamError whose message is safe to show.
 */

export interface UpstreamClientOptions {
  baseUrl: string;
  apiKey: string;
  fetch?: typeof fetch;
  /** Total budget of one call, across all attempts and waits. Default 10 000 ms. */
  timeoutMs?: number;
  /** Tries in total, the first included. Default 3. */
  maxAttempts?: number;
  /** Backoff before retry n (0-based) is random() × backoffBaseMs × 2^n. Default 250 ms. */
  backoffBaseMs?: number;
  /** A Retry-After longer than this ends the retries. Default 10 s. */
  maxRetryAfterSeconds?: number;
  /** Waits ms; should reject when the signal aborts. Default: an abortable setTimeout. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1). Default Math.random. */
  random?: () => number;
  /** A body larger than this is refused as a bad response, unread. Default 4 MiB. */
  maxBodyBytes?: number;
}

export interface MigrationListFilters {
  statuses?: string[];
  companyId?: string;
  createdByUserId?: string;
}

export interface ListMigrationsParams {
  page: number;
  pageSize: number;
  /** Only for an upstream that supports them (see `supportsFilters` in config.ts). */
  filters?: MigrationListFilters;
}

export interface UpstreamClient {
  listMigrations(params: ListMigrationsParams, signal?: AbortSignal): Promise<MigrationListPage>;
  getMigration(id: string, signal?: AbortSignal): Promise<Migration>;
  /** One page read tolerantly: malformed items are skipped and reported instead of failing the page. */
  listMigrationsTolerant(params: ListMigrationsParams, signal?: AbortSignal): Promise<TolerantMigrationListPage>;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_BACKOFF_BASE_MS = 250;
export const DEFAULT_MAX_RETRY_AFTER_SECONDS = 10;
/** A page of 100 migrations is about 25 kB: 4 MiB leaves room for any honest upstream, not for a flood. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

class BodyTooLargeError extends Error {}

/** The body as text, refusing (and cancelling the download) once it passes maxBytes. */
async function readCappedText(response: Response, maxBytes: number): Promise<string> {
  const body = await readCappedBody(response, maxBytes);
  if (body.ok) return body.text;
  // Refused by its Content-Length, the download is still open: stop it (after a read, this is a no-op).
  response.body?.cancel().catch(() => {});
  throw new BodyTooLargeError();
}

const RETRIED_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);
/** Visible ASCII only: anything else would make Headers throw an error that quotes the value. */
const HEADER_SAFE = /^[\x21-\x7e]+$/;

/** Sleeps ms, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Settles with the promise, or rejects with the signal's reason when it aborts first (even if the promise never settles). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Retry-After in seconds (delta-seconds or an HTTP-date), or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): { seconds: number; ms: number } | undefined {
  const raw = value?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) {
    const seconds = Number(raw);
    return Number.isFinite(seconds) ? { seconds: Math.ceil(seconds), ms: Math.round(seconds * 1000) } : undefined;
  }
  // HTTP-dates start with a day name ("Wed, 21 Oct 2015 07:28:00 GMT"); Date.parse alone takes far more.
  const at = /^[A-Za-z]{3,9},?\s/.test(raw) ? Date.parse(raw) : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  const ms = Math.max(0, at - now);
  return { seconds: Math.ceil(ms / 1000), ms };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive whole number.`);
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a number of at least 0.`);
  return value;
}

/** The base URL as a directory, so that relative paths resolve beneath it whether or not it ends with '/'. */
function baseDirectory(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new TypeError("The Migrations API base URL is not a valid URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError("The Migrations API base URL must use http or https.");
  }
  if (url.username || url.password) throw new TypeError("The Migrations API base URL must not contain credentials.");
  url.search = "";
  url.hash = "";
  if (!url.pathname.endsWith("/")) url.pathname += "/";
  return url;
}

function networkErrorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  const code = cause?.code;
  return typeof code === "string" && /^[A-Z][A-Z0-9_]{1,40}$/.test(code) ? code : undefined;
}

/** The outcome of one attempt that did not succeed: the error to throw, and whether another try may help. */
interface Failure {
  error: UpstreamError;
  retry: boolean;
  /** The upstream's Retry-After, when it sent a readable one. */
  retryAfter?: { seconds: number; ms: number };
}

export function createUpstreamClient(options: UpstreamClientOptions): UpstreamClient {
  const base = baseDirectory(options.baseUrl);
  if (!HEADER_SAFE.test(options.apiKey)) {
    // Never quote the key: say only what is wrong with it.
    throw new TypeError("The Migrations API key is empty or contains characters that cannot be sent in a header.");
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = positiveInteger("timeoutMs", options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const maxAttempts = positiveInteger("maxAttempts", options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const backoffBaseMs = nonNegative("backoffBaseMs", options.backoffBaseMs ?? DEFAULT_BACKOFF_BASE_MS);
  const maxRetryAfterSeconds = nonNegative(
    "maxRetryAfterSeconds",
    options.maxRetryAfterSeconds ?? DEFAULT_MAX_RETRY_AFTER_SECONDS,
  );
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const maxBodyBytes = positiveInteger("maxBodyBytes", options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  const headers = { Authorization: `Bearer ${options.apiKey}`, Accept: "application/json" };

  /** One attempt: the parsed JSON body of a 2xx answer, or the failure. Rejects only when the signal aborts. */
  async function attempt(url: URL, signal: AbortSignal): Promise<{ json: unknown } | Failure> {
    let response: Response;
    try {
      response = await untilAborted(
        fetchImpl(url, { method: "GET", headers, redirect: "manual", signal, cache: "no-store" }),
        signal,
      );
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      return networkFailure(error);
    }

    const { status } = response;
    if (status >= 200 && status <= 299) {
      let body: string;
      try {
        body = await untilAborted(readCappedText(response, maxBodyBytes), signal);
      } catch (error) {
        if (signal.aborted) throw signal.reason;
        if (error instanceof BodyTooLargeError) {
          return {
            error: new UpstreamError(
              "bad_response",
              `The Migrations API answered with a body over ${maxBodyBytes} bytes.`,
              {
                status,
              },
            ),
            retry: false,
          };
        }
        return brokenBody(error);
      }
      // The Content-Type is not looked at: the body is judged by parsing it as JSON and reading it
      // field by field, never rendered or interpreted by its label. A well-formed page labelled
      // text/plain or text/html (a proxy's or framework's default) is as safe to use as one labelled
      // application/json, and refusing it would turn a header slip into an outage; an HTML page sent
      // with 200 is still refused below, because it is not JSON.
      try {
        return { json: JSON.parse(body) as unknown };
      } catch {
        return {
          error: new UpstreamError("bad_response", "The Migrations API answered with a body that is not JSON.", {
            status,
          }),
          retry: false,
        };
      }
    }

    // The body of a failure is never read or passed on; release the connection.
    response.body?.cancel().catch(() => {});
    if (status === 0 || response.type === "opaqueredirect") {
      return {
        error: new UpstreamError("bad_response", "The Migrations API answered with a redirect."),
        retry: false,
      };
    }
    const retry = RETRIED_STATUSES.has(status);
    const retryAfter = retry ? parseRetryAfter(response.headers.get("retry-after")) : undefined;
    return {
      error: errorForStatus(status, status === 429 ? retryAfter?.seconds : undefined),
      retry,
      ...(retryAfter ? { retryAfter } : {}),
    };
  }

  /**
   * The status and headers came, then the body stopped short: the connection was closed or reset
   * mid-body (fewer bytes than its Content-Length said). The API was reached, so "could not be
   * reached" would mislead; like a network error, another try may pass.
   */
  function brokenBody(error: unknown): Failure {
    return {
      error: new UpstreamError("unavailable", "The Migrations API's answer broke off before its end."),
      // fetch reports a connection lost mid-body as a TypeError ("terminated"), as it does network trouble.
      retry: error instanceof TypeError,
    };
  }

  function networkFailure(error: unknown): Failure {
    const code = networkErrorCode(error);
    const message = `The Migrations API could not be reached${code ? ` (${code})` : ""}.`;
    // fetch rejects with a TypeError for network trouble; anything else is not worth another try.
    return { error: new UpstreamError("unavailable", message), retry: error instanceof TypeError };
  }

  /** GETs url within one time budget, retrying what may pass on another try; returns the JSON body. */
  async function getJson(url: URL, callerSignal?: AbortSignal): Promise<unknown> {
    callerSignal?.throwIfAborted();
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = callerSignal ? AbortSignal.any([timeout, callerSignal]) : timeout;
    const deadline = Date.now() + timeoutMs;

    const aborted = (): unknown =>
      callerSignal?.aborted
        ? callerSignal.reason
        : new UpstreamError("timed_out", `The Migrations API did not answer within ${timeoutMs} ms.`);

    for (let index = 0; ; index++) {
      let outcome: { json: unknown } | Failure;
      try {
        outcome = await attempt(url, signal);
      } catch (error) {
        if (signal.aborted) throw aborted();
        throw error;
      }
      if ("json" in outcome) return outcome.json;

      const { error, retry, retryAfter } = outcome;
      if (!retry || index + 1 >= maxAttempts) throw error;
      if (retryAfter && retryAfter.seconds > maxRetryAfterSeconds) throw error;
      const waitMs = retryAfter ? retryAfter.ms : random() * backoffBaseMs * 2 ** index;
      // A wait that outlasts the budget would only end in a timeout: report what actually went wrong.
      if (waitMs >= deadline - Date.now()) throw error;
      try {
        await untilAborted(sleep(waitMs, signal), signal);
      } catch (sleepError) {
        if (signal.aborted) throw aborted();
        throw sleepError;
      }
    }
  }

  function listUrl({ page, pageSize, filters }: ListMigrationsParams): URL {
    positiveInteger("page", page);
    positiveInteger("pageSize", pageSize);
    const url = new URL("migrations", base);
    url.searchParams.set("page", String(page));
    url.searchParams.set("page_size", String(pageSize));
    if (filters?.statuses && filters.statuses.length > 0) url.searchParams.set("status", filters.statuses.join(","));
    if (filters?.companyId) url.searchParams.set("company_id", filters.companyId);
    if (filters?.createdByUserId) url.searchParams.set("created_by_user_id", filters.createdByUserId);
    return url;
  }

  return {
    async listMigrations(params, signal) {
      return readMigrationList(await getJson(listUrl(params), signal));
    },

    async listMigrationsTolerant(params, signal) {
      return readMigrationListTolerant(await getJson(listUrl(params), signal));
    },

    async getMigration(id, signal) {
      // Validated before any URL exists: '..', '/', '?' and friends never reach the upstream.
      if (!isMigrationId(id)) throw new UpstreamError("not_found", "No migration has this id.");
      const url = new URL(`migrations/${encodeURIComponent(id)}`, base);
      const migration = readMigration(await getJson(url, signal));
      if (migration.id.toLowerCase() !== id.toLowerCase()) {
        throw new UpstreamError(
          "bad_response",
          "The Migrations API's response does not match the contract: it answered with another migration.",
        );
      }
      return migration;
    },
  };
}
