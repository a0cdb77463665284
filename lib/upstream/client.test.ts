import { describe, expect, it, vi } from "vitest";
import { abortableSleep, createUpstreamClient, parseRetryAfter, type UpstreamClientOptions } from "./client";
import { UpstreamError, type UpstreamErrorKind } from "./errors";

const BASE = "https://upstream.test/api/v1";
const KEY = "sk_live_TOPSECRET_0123456789abcdef";
const ID = "9f5b41bd-7c5e-42d9-b332-b31686e94424";

const MIGRATION = {
  object: "migration",
  id: ID,
  created: "2025-12-02T23:51:49.807119",
  status: "COMPLETE",
  created_by_user_id: "9876543210fedcba",
  company_id: "abcdef1234567890",
};
const LIST = { object: "list", data: [MIGRATION], page: 1, page_size: 10, total: 1, has_more: false };

type Step = Response | Error | (() => Response);

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });
}

/** A client over a scripted fetch; injected sleep records the waits it is asked for and returns at once. */
function setup(steps: Step[], options: Partial<UpstreamClientOptions> = {}) {
  const queue = [...steps];
  const fetch = vi.fn<typeof globalThis.fetch>(async () => {
    const step = queue.shift();
    if (step === undefined) throw new Error("fetch called more often than scripted");
    if (step instanceof Error) throw step;
    return typeof step === "function" ? step() : step;
  });
  const sleeps: number[] = [];
  const sleep = vi.fn(async (ms: number) => {
    sleeps.push(ms);
  });
  const client = createUpstreamClient({ baseUrl: BASE, apiKey: KEY, fetch, sleep, random: () => 0.5, ...options });
  return { client, fetch, sleeps, sleep };
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UpstreamError);
    return error as UpstreamError;
  }
  throw new Error("expected the call to fail");
}

function expectNoKey(error: unknown) {
  const e = error as Error;
  for (const text of [e.message, e.name, JSON.stringify(e), String(e), String(e.stack)]) {
    expect(text).not.toContain(KEY);
    expect(text).not.toContain("TOPSECRET");
  }
}

function calledUrl(fetch: ReturnType<typeof setup>["fetch"], call = 0): URL {
  return new URL(String(fetch.mock.calls[call]?.[0]));
}

describe("error mapping", () => {
  it.each<[string, () => Step, UpstreamErrorKind, number | undefined]>([
    ["401", () => json({ error: "bad key" }, 401), "key_rejected", 401],
    ["403", () => json({ error: "forbidden" }, 403), "key_rejected", 403],
    ["404", () => json({ error: "missing" }, 404), "not_found", 404],
    ["500", () => json({ error: "boom" }, 500), "unavailable", 500],
    ["501", () => new Response("nope", { status: 501 }), "unavailable", 501],
    ["400", () => json({ error: "invalid" }, 400), "bad_response", 400],
    ["418", () => new Response("teapot", { status: 418 }), "bad_response", 418],
    [
      "301",
      () => new Response(null, { status: 301, headers: { Location: "https://elsewhere.test/" } }),
      "bad_response",
      301,
    ],
    ["302", () => new Response(null, { status: 302, headers: { Location: "/login" } }), "bad_response", 302],
    ["non-JSON 200", () => new Response("<html>Gateway login</html>", { status: 200 }), "bad_response", 200],
    ["empty 200", () => new Response(null, { status: 204 }), "bad_response", 204],
  ])("%s → %s, called once", async (_name, step, kind, status) => {
    const { client, fetch } = setup([step()]);
    const error = await failure(client.getMigration(ID));
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(fetch).toHaveBeenCalledTimes(1);
    expectNoKey(error);
  });

  it("an opaque redirect (status 0) is a bad_response", async () => {
    const opaque = { status: 0, type: "opaqueredirect", ok: false, body: null, headers: new Headers() } as Response;
    const { client } = setup([opaque]);
    const error = await failure(client.listMigrations({ page: 1, pageSize: 10 }));
    expect(error.kind).toBe("bad_response");
    expect(error.message).toMatch(/redirect/);
  });

  it("a JSON body that does not match the contract is a bad_response, called once", async () => {
    const { client, fetch } = setup([json({ data: [{ ...MIGRATION, created: "never" }] })]);
    const error = await failure(client.listMigrations({ page: 1, pageSize: 10 }));
    expect(error.kind).toBe("bad_response");
    expect(error.message).toContain("data[0].created");
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("a migration other than the one asked for is a bad_response", async () => {
    const { client } = setup([json({ ...MIGRATION, id: "00000000-0000-4000-8000-000000000000" })]);
    expect((await failure(client.getMigration(ID))).kind).toBe("bad_response");
  });

  it.each<[string, Step[], UpstreamErrorKind, number | undefined]>([
    ["502", [json({}, 502), json({}, 502), json({}, 502)], "unavailable", 502],
    ["503", [json({}, 503), json({}, 503), json({}, 503)], "unavailable", 503],
    ["504", [json({}, 504), json({}, 504), json({}, 504)], "unavailable", 504],
    ["429 without Retry-After", [json({}, 429), json({}, 429), json({}, 429)], "rate_limited", 429],
    [
      "a network TypeError",
      [new TypeError("fetch failed"), new TypeError("fetch failed"), new TypeError("fetch failed")],
      "unavailable",
      undefined,
    ],
  ])("%s is retried up to maxAttempts, then mapped to %s", async (_name, steps, kind, status) => {
    const { client, fetch, sleeps } = setup(steps);
    const error = await failure(client.listMigrations({ page: 1, pageSize: 10 }));
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.retryAfterSeconds).toBeUndefined();
    expect(fetch).toHaveBeenCalledTimes(3);
    // Full jitter with random() = 0.5 and base 250: 0.5 × 250 × 2^0, then 0.5 × 250 × 2^1.
    expect(sleeps).toEqual([125, 250]);
    expectNoKey(error);
  });

  it("429 with Retry-After carries retryAfterSeconds after the last try", async () => {
    const limited = () => json({}, 429, { "Retry-After": "1" });
    const { client, fetch, sleeps } = setup([limited(), limited(), limited()]);
    const error = await failure(client.listMigrations({ page: 1, pageSize: 10 }));
    expect(error.kind).toBe("rate_limited");
    expect(error.status).toBe(429);
    expect(error.retryAfterSeconds).toBe(1);
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(sleeps).toEqual([1000, 1000]);
  });

  it("names the network error code but nothing else of the cause", async () => {
    const cause = Object.assign(new Error(`connect ECONNREFUSED, Bearer ${KEY}`), { code: "ECONNREFUSED" });
    const { client } = setup([new TypeError("fetch failed", { cause })], { maxAttempts: 1 });
    const error = await failure(client.listMigrations({ page: 1, pageSize: 10 }));
    expect(error.kind).toBe("unavailable");
    expect(error.message).toBe("The Migrations API could not be reached (ECONNREFUSED).");
    expect(error.cause).toBeUndefined();
    expectNoKey(error);
  });

  /** A 200 whose body sends `head`, then fails as fetch reports a connection lost mid-body. */
  function brokenOff(head: string, reason: unknown = new TypeError("terminated")): Response {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(head));
      },
      pull(controller) {
        controller.error(reason);
      },
    });
    return new Response(body, { status: 200, headers: { "Content-Length": "100000" } });
  }

  it("a body that breaks off mid-way is unavailable, says so (not 'could not be reached'), and is retried", async () => {
    const head = '{"data":[{"id":"';
    const { client, fetch, sleeps } = setup([brokenOff(head), brokenOff(head), brokenOff(head)]);
    const error = await failure(client.listMigrations({ page: 1, pageSize: 10 }));
    expect(error.kind).toBe("unavailable");
    expect(error.message).toBe("The Migrations API's answer broke off before its end.");
    expect(error.status).toBeUndefined();
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(sleeps).toEqual([125, 250]);
    expectNoKey(error);
  });

  it("a body that breaks off and then answers whole on the next try is read", async () => {
    const { client, fetch } = setup([brokenOff('{"data":['), json(LIST)]);
    expect((await client.listMigrations({ page: 1, pageSize: 10 })).migrations).toHaveLength(1);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it("a body failing with something other than a TypeError is reported as broken off, not retried", async () => {
    const { client, fetch } = setup([brokenOff("{", new Error("odd"))]);
    const error = await failure(client.getMigration(ID));
    expect(error.message).toBe("The Migrations API's answer broke off before its end.");
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it.each(["text/html; charset=utf-8", "text/plain", "application/octet-stream"])(
    "a well-formed page labelled %s is read: the body is judged by parsing it, not by its label",
    async (contentType) => {
      const { client } = setup([
        new Response(JSON.stringify(LIST), { status: 200, headers: { "Content-Type": contentType } }),
      ]);
      expect((await client.listMigrations({ page: 1, pageSize: 10 })).migrations).toHaveLength(1);
    },
  );

  it("an HTML page labelled application/json is still not JSON: a bad_response, called once", async () => {
    const page = new Response("<!doctype html><h1>Welcome</h1>", {
      status: 200,
      headers: { "Content-Type": "application/json" },
    });
    const { client, fetch } = setup([page]);
    const error = await failure(client.listMigrations({ page: 1, pageSize: 10 }));
    expect(error.kind).toBe("bad_response");
    expect(error.message).toBe("The Migrations API answered with a body that is not JSON.");
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("a fetch rejecting with something other than a TypeError is unavailable, not retried", async () => {
    const { client, fetch } = setup([new Error("odd")]);
    expect((await failure(client.listMigrations({ page: 1, pageSize: 10 }))).kind).toBe("unavailable");
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});

describe("retries", () => {
  it("returns the data when the second try succeeds", async () => {
    const { client, fetch, sleeps } = setup([json({}, 503), json(LIST)]);
    const page = await client.listMigrations({ page: 1, pageSize: 10 });
    expect(page.migrations.map((m) => m.id)).toEqual([ID]);
    expect(page.total).toBe(1);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(sleeps).toEqual([125]);
  });

  it("recovers from a network error", async () => {
    const { client, fetch } = setup([new TypeError("fetch failed"), json(MIGRATION)]);
    expect((await client.getMigration(ID)).id).toBe(ID);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it.each([401, 403, 404, 400, 418, 500])("does not retry %s", async (status) => {
    const { client, fetch, sleep } = setup([json({}, status), json(MIGRATION)]);
    await failure(client.getMigration(ID));
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it("honours maxAttempts", async () => {
    const { client, fetch } = setup([json({}, 503), json({}, 503), json({}, 503), json({}, 503), json({}, 503)], {
      maxAttempts: 5,
    });
    await failure(client.getMigration(ID));
    expect(fetch).toHaveBeenCalledTimes(5);
    const single = setup([json({}, 503), json(MIGRATION)], { maxAttempts: 1 });
    expect((await failure(single.client.getMigration(ID))).kind).toBe("unavailable");
    expect(single.fetch).toHaveBeenCalledTimes(1);
  });

  it("grows the backoff exponentially with full jitter", async () => {
    const randoms = [0.1, 0.9, 0.5];
    const { client, sleeps } = setup([json({}, 502), json({}, 502), json({}, 502), json(MIGRATION)], {
      maxAttempts: 4,
      backoffBaseMs: 100,
      random: () => randoms.shift() ?? 0,
    });
    await client.getMigration(ID);
    expect(sleeps.map(Math.round)).toEqual([10, 180, 200]);
  });

  it("waits Retry-After seconds instead of the backoff", async () => {
    const { client, sleeps } = setup([json({}, 429, { "Retry-After": "2" }), json(MIGRATION)]);
    expect((await client.getMigration(ID)).id).toBe(ID);
    expect(sleeps).toEqual([2000]);
  });

  it("honours Retry-After on a 503 too", async () => {
    const { client, sleeps } = setup([json({}, 503, { "Retry-After": "3" }), json(MIGRATION)]);
    await client.getMigration(ID);
    expect(sleeps).toEqual([3000]);
  });

  it("waits until a Retry-After HTTP-date", async () => {
    const at = new Date(Date.now() + 4000).toUTCString();
    const { client, fetch, sleeps } = setup([json({}, 429, { "Retry-After": at }), json(MIGRATION)]);
    await client.getMigration(ID);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(sleeps).toHaveLength(1);
    // HTTP-dates have whole seconds: the wait is between 3 and 4 s.
    expect(sleeps[0]).toBeGreaterThan(2900);
    expect(sleeps[0]).toBeLessThanOrEqual(4000);
  });

  it("stops when Retry-After exceeds maxRetryAfterSeconds", async () => {
    const { client, fetch, sleep } = setup([json({}, 429, { "Retry-After": "30" }), json(MIGRATION)]);
    const error = await failure(client.getMigration(ID));
    expect(error.kind).toBe("rate_limited");
    expect(error.retryAfterSeconds).toBe(30);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it("stops when a Retry-After HTTP-date exceeds the cap", async () => {
    const at = new Date(Date.now() + 60_000).toUTCString();
    const { client, fetch } = setup([json({}, 429, { "Retry-After": at }), json(MIGRATION)]);
    const error = await failure(client.getMigration(ID));
    expect(error.retryAfterSeconds).toBeGreaterThan(55);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("stops when Retry-After exceeds the remaining time budget", async () => {
    const { client, fetch } = setup([json({}, 503, { "Retry-After": "5" }), json(MIGRATION)], { timeoutMs: 2000 });
    const error = await failure(client.getMigration(ID));
    expect(error.kind).toBe("unavailable");
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("ignores an unreadable Retry-After and backs off instead", async () => {
    const { client, sleeps } = setup([json({}, 429, { "Retry-After": "soon" }), json(MIGRATION)]);
    await client.getMigration(ID);
    expect(sleeps).toEqual([125]);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP-dates", () => {
    const now = Date.UTC(2025, 11, 2, 12, 0, 0);
    expect(parseRetryAfter("7", now)).toEqual({ seconds: 7, ms: 7000 });
    expect(parseRetryAfter("0", now)).toEqual({ seconds: 0, ms: 0 });
    expect(parseRetryAfter("Tue, 02 Dec 2025 12:00:09 GMT", now)).toEqual({ seconds: 9, ms: 9000 });
    expect(parseRetryAfter("Tue, 02 Dec 2025 11:00:00 GMT", now)).toEqual({ seconds: 0, ms: 0 });
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("-3", now)).toBeUndefined();
    expect(parseRetryAfter("later", now)).toBeUndefined();
  });
});

describe("time budget", () => {
  /** A fetch that settles only by rejecting when its signal aborts. */
  const hanging = () =>
    vi.fn<typeof globalThis.fetch>(
      (_input, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
        }),
    );

  it("a fetch that never answers ends as timed_out within the budget", async () => {
    const fetch = hanging();
    const client = createUpstreamClient({ baseUrl: BASE, apiKey: KEY, fetch, timeoutMs: 50 });
    const started = performance.now();
    const error = await failure(client.getMigration(ID));
    const elapsed = performance.now() - started;
    expect(error.kind).toBe("timed_out");
    expect(elapsed).toBeGreaterThanOrEqual(40);
    expect(elapsed).toBeLessThan(1000);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]?.[1]?.signal).toBeInstanceOf(AbortSignal);
    expectNoKey(error);
  });

  it("times out even when the fetch ignores its signal", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(() => new Promise<Response>(() => {}));
    const client = createUpstreamClient({ baseUrl: BASE, apiKey: KEY, fetch, timeoutMs: 50 });
    const started = performance.now();
    expect((await failure(client.listMigrations({ page: 1, pageSize: 10 }))).kind).toBe("timed_out");
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("times out when the body never finishes", async () => {
    const stalled = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"data": ['));
      },
    });
    const fetch = vi.fn<typeof globalThis.fetch>(async () => new Response(stalled, { status: 200 }));
    const client = createUpstreamClient({ baseUrl: BASE, apiKey: KEY, fetch, timeoutMs: 50 });
    expect((await failure(client.listMigrations({ page: 1, pageSize: 10 }))).kind).toBe("timed_out");
  });

  it("one budget covers all attempts and the waits between them", async () => {
    let calls = 0;
    const fetch = vi.fn<typeof globalThis.fetch>((_input, init) => {
      calls++;
      if (calls === 1) return Promise.resolve(json({}, 503));
      return new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener("abort", () => reject(init.signal?.reason));
      });
    });
    const client = createUpstreamClient({
      baseUrl: BASE,
      apiKey: KEY,
      fetch,
      timeoutMs: 120,
      backoffBaseMs: 40,
      random: () => 0.99,
    });
    const started = performance.now();
    const error = await failure(client.getMigration(ID));
    expect(error.kind).toBe("timed_out");
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("a timeout during the backoff ends the call promptly", async () => {
    const fetch = vi.fn<typeof globalThis.fetch>(async () => json({}, 503));
    const neverEnds = vi.fn(() => new Promise<void>(() => {}));
    const client = createUpstreamClient({
      baseUrl: BASE,
      apiKey: KEY,
      fetch,
      timeoutMs: 60,
      backoffBaseMs: 40,
      random: () => 0.5,
      sleep: neverEnds,
    });
    const started = performance.now();
    expect((await failure(client.getMigration(ID))).kind).toBe("timed_out");
    expect(performance.now() - started).toBeLessThan(1000);
    expect(neverEnds).toHaveBeenCalledWith(20, expect.any(AbortSignal));
  });

  it("the default sleep is abortable", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    const started = performance.now();
    const sleeping = abortableSleep(10_000, controller.signal);
    setTimeout(() => controller.abort(reason), 10);
    await expect(sleeping).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(abortableSleep(1)).resolves.toBeUndefined();
    await expect(abortableSleep(1, AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it("a caller's abort rethrows the caller's reason, not timed_out", async () => {
    const fetch = hanging();
    const client = createUpstreamClient({ baseUrl: BASE, apiKey: KEY, fetch, timeoutMs: 5000 });
    const controller = new AbortController();
    const reason = new Error("the user navigated away");
    setTimeout(() => controller.abort(reason), 10);
    await expect(client.getMigration(ID, controller.signal)).rejects.toBe(reason);
  });

  it("a caller's abort during the backoff rethrows the caller's reason", async () => {
    const controller = new AbortController();
    const reason = new Error("cancelled");
    const fetch = vi.fn<typeof globalThis.fetch>(async () => {
      controller.abort(reason);
      return json({}, 503);
    });
    const client = createUpstreamClient({ baseUrl: BASE, apiKey: KEY, fetch });
    await expect(client.listMigrations({ page: 1, pageSize: 10 }, controller.signal)).rejects.toBe(reason);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("an already aborted caller signal fails at once without a fetch", async () => {
    const { client, fetch } = setup([json(MIGRATION)]);
    const reason = new Error("already gone");
    await expect(client.getMigration(ID, AbortSignal.abort(reason))).rejects.toBe(reason);
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("requests", () => {
  it("sends the key as a Bearer token, asks for JSON, never follows redirects", async () => {
    const { client, fetch } = setup([json(MIGRATION)]);
    await client.getMigration(ID);
    const init = fetch.mock.calls[0]?.[1];
    const headers = new Headers(init?.headers);
    expect(headers.get("authorization")).toBe(`Bearer ${KEY}`);
    expect(headers.get("accept")).toBe("application/json");
    expect(init?.method).toBe("GET");
    expect(init?.redirect).toBe("manual");
    expect(init?.signal).toBeInstanceOf(AbortSignal);
  });

  it("never puts the key in an error, even when the upstream echoes it", async () => {
    const echo = { error: { message: `key ${KEY} is not valid` } };
    const cases: Array<[Step, () => Promise<unknown>]> = [];
    for (const step of [
      json(echo, 401),
      json(echo, 400),
      json(echo, 500),
      new Response(`not json ${KEY}`),
      json({ ...MIGRATION, created: KEY }),
      json({ data: [{ ...MIGRATION, status: 5, note: KEY }] }),
    ]) {
      const { client } = setup([step], { maxAttempts: 1 });
      cases.push([step, () => client.listMigrations({ page: 1, pageSize: 10 })]);
      const again = setup([step.clone()], { maxAttempts: 1 });
      cases.push([step, () => again.client.getMigration(ID)]);
    }
    for (const [, call] of cases) {
      const error = await failure(call());
      expectNoKey(error);
    }
  });

  it("refuses a key that cannot be sent in a header without quoting it", () => {
    for (const apiKey of ["", "with space", "line\nbreak", "café"]) {
      let thrown: unknown;
      try {
        createUpstreamClient({ baseUrl: BASE, apiKey });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(TypeError);
      if (apiKey) expect(String((thrown as Error).message)).not.toContain(apiKey);
    }
  });

  it("builds the list URL with page and page_size only when no filters are given", async () => {
    const { client, fetch } = setup([json(LIST)]);
    await client.listMigrations({ page: 3, pageSize: 25 });
    const url = calledUrl(fetch);
    expect(url.origin + url.pathname).toBe(`${BASE}/migrations`);
    expect([...url.searchParams.keys()]).toEqual(["page", "page_size"]);
    expect(url.searchParams.get("page")).toBe("3");
    expect(url.searchParams.get("page_size")).toBe("25");
  });

  it("puts the filters that are given in the query string", async () => {
    const { client, fetch } = setup([json(LIST), json(LIST), json(LIST)]);
    await client.listMigrations({
      page: 1,
      pageSize: 10,
      filters: { statuses: ["FAILED", "PENDING_USER_INPUT"], companyId: "acme&co", createdByUserId: "u 1" },
    });
    const url = calledUrl(fetch, 0);
    expect(url.searchParams.get("status")).toBe("FAILED,PENDING_USER_INPUT");
    expect(url.searchParams.get("company_id")).toBe("acme&co");
    expect(url.searchParams.get("created_by_user_id")).toBe("u 1");

    await client.listMigrations({ page: 1, pageSize: 10, filters: { companyId: "acme" } });
    expect([...calledUrl(fetch, 1).searchParams.keys()]).toEqual(["page", "page_size", "company_id"]);

    await client.listMigrations({ page: 1, pageSize: 10, filters: { statuses: [], companyId: "" } });
    expect([...calledUrl(fetch, 2).searchParams.keys()]).toEqual(["page", "page_size"]);
  });

  it.each([BASE, `${BASE}/`])("resolves paths beneath the base URL %s", async (baseUrl) => {
    const { client, fetch } = setup([json(LIST), json(MIGRATION)], { baseUrl });
    await client.listMigrations({ page: 1, pageSize: 10 });
    await client.getMigration(ID);
    expect(calledUrl(fetch, 0).href).toBe(`${BASE}/migrations?page=1&page_size=10`);
    expect(calledUrl(fetch, 1).href).toBe(`${BASE}/migrations/${ID}`);
  });

  it("accepts an upper-case UUID", async () => {
    const upper = ID.toUpperCase();
    const { client, fetch } = setup([json(MIGRATION)]);
    expect((await client.getMigration(upper)).id).toBe(ID);
    expect(calledUrl(fetch).pathname).toBe(`/api/v1/migrations/${upper}`);
  });

  it.each([
    "",
    "123",
    "..",
    "../../admin",
    "%2e%2e",
    `${ID}/../x`,
    `${ID}?page=2`,
    `${ID} `,
    `{${ID}}`,
    "9f5b41bd7c5e42d9b332b31686e94424",
    "9f5b41bd-7c5e-42d9-b332-b31686e9442g",
  ])("a non-UUID id %j is not_found without any fetch", async (id) => {
    const { client, fetch } = setup([json(MIGRATION)]);
    const error = await failure(client.getMigration(id));
    expect(error.kind).toBe("not_found");
    expect(error.status).toBeUndefined();
    expect(fetch).not.toHaveBeenCalled();
  });

  it("rejects invalid page numbers before any fetch", async () => {
    const { client, fetch } = setup([json(LIST)]);
    await expect(client.listMigrations({ page: 0, pageSize: 10 })).rejects.toThrow(RangeError);
    await expect(client.listMigrations({ page: 1, pageSize: 1.5 })).rejects.toThrow(RangeError);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("rejects a base URL that is not http(s)", () => {
    expect(() => createUpstreamClient({ baseUrl: "not a url", apiKey: KEY })).toThrow(TypeError);
    expect(() => createUpstreamClient({ baseUrl: "ftp://upstream.test/", apiKey: KEY })).toThrow(TypeError);
    expect(() => createUpstreamClient({ baseUrl: "https://u:p@upstream.test/", apiKey: KEY })).toThrow(TypeError);
  });
});

describe("body size cap", () => {
  /** A body streamed in chunks of `chunk` bytes, recording how many were pulled and whether it was cancelled. */
  function streamed(total: number, chunk: number, text = "x") {
    const stats = { pulled: 0, cancelled: false };
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (stats.pulled * chunk >= total) {
          controller.close();
          return;
        }
        stats.pulled++;
        controller.enqueue(new TextEncoder().encode(text.repeat(Math.min(chunk, total - (stats.pulled - 1) * chunk))));
      },
      cancel() {
        stats.cancelled = true;
      },
    });
    return { body, stats };
  }

  it("refuses a body whose Content-Length is over the cap, unread and not retried", async () => {
    const { body, stats } = streamed(2_000, 100);
    const response = new Response(body, { status: 200, headers: { "Content-Length": "2000" } });
    const { client, fetch } = setup([response], { maxBodyBytes: 1_000 });
    const error = await failure(client.listMigrations({ page: 1, pageSize: 10 }));
    expect(error.kind).toBe("bad_response");
    expect(error.status).toBe(200);
    expect(error.message).toBe("The Migrations API answered with a body over 1000 bytes.");
    expect(stats.pulled).toBeLessThanOrEqual(1);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("stops reading a streamed body (no Content-Length) once it passes the cap, and cancels it", async () => {
    const { body, stats } = streamed(10_000_000, 1_000);
    const { client, fetch } = setup([new Response(body, { status: 200 })], { maxBodyBytes: 5_000 });
    const error = await failure(client.listMigrationsTolerant({ page: 1, pageSize: 10 }));
    expect(error.kind).toBe("bad_response");
    expect(error.message).toContain("over 5000 bytes");
    expect(stats.pulled).toBeLessThan(10);
    expect(stats.cancelled).toBe(true);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it("does not trust a Content-Length that understates the body", async () => {
    const { body } = streamed(50_000, 1_000);
    const response = new Response(body, { status: 200, headers: { "Content-Length": "10" } });
    const { client } = setup([response], { maxBodyBytes: 20_000 });
    expect((await failure(client.getMigration(ID))).kind).toBe("bad_response");
  });

  it("accepts a body of exactly the cap, decoding characters split across chunks", async () => {
    const text = JSON.stringify({ ...MIGRATION, created_by_user_id: "é".repeat(40) });
    const bytes = new TextEncoder().encode(text);
    // Split inside a two-byte character.
    const at = bytes.indexOf(0xc3) + 1;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, at));
        controller.enqueue(bytes.slice(at));
        controller.close();
      },
    });
    const { client } = setup([new Response(body, { status: 200 })], { maxBodyBytes: bytes.byteLength });
    expect((await client.getMigration(ID)).createdByUserId).toBe("é".repeat(40));
  });

  it("has a default cap of 4 MiB", async () => {
    const { body } = streamed(4 * 1024 * 1024 + 1, 64 * 1024);
    const { client } = setup([new Response(body, { status: 200 })]);
    expect((await failure(client.listMigrations({ page: 1, pageSize: 10 }))).message).toContain("over 4194304 bytes");
  });

  it.each([0, -1, 1.5, Number.NaN])("refuses a maxBodyBytes of %s", (maxBodyBytes) => {
    expect(() => createUpstreamClient({ baseUrl: BASE, apiKey: KEY, maxBodyBytes })).toThrow(RangeError);
  });
});

describe("listMigrationsTolerant", () => {
  it("keeps the well-formed rows of a page, reports the rest, and counts every item received", async () => {
    const bad = { ...MIGRATION, id: "00000000-0000-4000-8000-000000000002", created: "soon" };
    const other = { ...MIGRATION, id: "00000000-0000-4000-8000-000000000003", status: "FAILED" };
    const { client, fetch } = setup([json({ results: [MIGRATION, bad, "junk", other], count: 40 })]);
    const page = await client.listMigrationsTolerant({ page: 2, pageSize: 4 });
    expect(page.migrations.map((m) => m.id)).toEqual([ID, other.id]);
    expect(page.received).toBe(4);
    expect(page.total).toBe(40);
    expect(page.rejected.map((row) => row.index)).toEqual([1, 2]);
    expect(page.rejected[0]?.reason).toContain("results[1].created");
    expect(calledUrl(fetch).href).toBe(`${BASE}/migrations?page=2&page_size=4`);
  });

  it("reports a page longer than asked for (the caller refuses it)", async () => {
    const rows = Array.from({ length: 3 }, (_, i) => ({ ...MIGRATION, id: `00000000-0000-4000-8000-00000000000${i}` }));
    const { client } = setup([json(rows)]);
    const page = await client.listMigrationsTolerant({ page: 1, pageSize: 2 });
    expect(page.received).toBe(3);
  });

  it("still fails the call on an unreadable envelope, and goes through the same retries and error mapping", async () => {
    const { client, fetch, sleeps } = setup([json({}, 503), json({ page: 1 })]);
    const error = await failure(client.listMigrationsTolerant({ page: 1, pageSize: 10 }));
    expect(error.kind).toBe("bad_response");
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(sleeps).toEqual([125]);
  });
});
