// A fake Migrations API for the browser tests: only the documented contract (page and page_size,
// no filters), Bearer auth with one fixed key, and the list in a `{"results":[…],"count":N}`
// envelope (not the embedded API's shape: the dashboard's reader must tolerate it). Its fixtures
// (fake-upstream-fixtures.json) hold an unknown status, a null company_id and zone-less,
// `Z` and `+00:00` timestamps.
//
// POST /__control with any of these fields:
//   "mode": what every API request under /api/v1 gets from now on:
//     ok                  the fixtures (with the status changes and removals below)
//     empty               an empty list (a migration id is then a 404)
//     delay               the fixtures, each answer held back "delay_ms" ms first (default 1000)
//     key_rejected        401
//     server_error        500
//     bad_gateway         502 with a proxy's HTML page
//     unavailable         503, always
//     gateway_timeout     504 with a proxy's HTML page
//     rate_limited        429 with Retry-After: "retry_after" seconds (default 60, above the client's 10 s cap: no retry)
//     timeout             no answer at all
//     reset               the connection is reset (TCP RST) before any answer
//     garbage             200 with an HTML page
//     invalid_json        200, application/json, a body cut off inside the first migration
//     truncated           200 with a Content-Length of the whole answer, then the socket is destroyed halfway
//                         (a read by id of an unknown id gets the first page instead, cut the same way)
//     huge                200 with a 50 MiB list, streamed without a Content-Length (never held in memory here)
//     wrong_content_type  the fixtures, well-formed, labelled "content_type" (default text/html)
//     redirect            302 to the same path on the redirect target (another port, another host name)
//     malformed           200 with JSON that holds no list of migrations
//     bad_rows            200 with the list, every row missing its `created`
//     long_page           every page holds one migration more than page_size asked for (padded with others)
//   "set_status": {"id", "status"}: that fixture has this status from now on
//   "remove": an id: that fixture is no longer listed, and its id is a 404
//   "walk_mode": what /walk/api/v1 (below) does from now on:
//     ok          its migrations as they are
//     shifting    every list request first inserts SHIFT_BY new migrations at the top, so pages shift
//                 under a walk (they stay, also after switching back to ok, until a reset)
//     duplicates  page n > 1 starts with the last migration of page n - 1: one id on two consecutive pages
//   "reset": true: mode and walk_mode ok, no status changes, removals or inserted migrations
// GET /__control answers the mode and how many API requests arrived since the last switch.
// GET /__requests?after=N answers every request (but the control ones) received after the one
// numbered N, as {"last": M, "requests": [{"seq","method","path"}]} (`path` as sent, query included;
// the most recent REQUEST_LOG_SIZE only): what the app asked, for tests that count it.
// GET /__redirect_target answers every request the redirect target received, as
// {"requests": [{"seq","method","path","authorization","carries_key"}]} (whether an Authorization
// header came, and whether it held the key: the key itself is not repeated).
// GET /__walk answers the walk upstream's mode and its migrations' ids, newest first.
// Whatever the mode, /many/api/v1 serves MANY_MIGRATIONS generated migrations (a large upstream,
// for watching a first full read), /none/api/v1 serves none, and /walk/api/v1 serves WALK_MIGRATIONS
// generated ones under its own walk_mode (an upstream of several pages for a server of a test's own).
// The redirect target (E2E_FAKE_REDIRECT_PORT, named by E2E_FAKE_REDIRECT_HOST) answers anything
// with the fixtures: a client that followed the redirect would find a working API there.
// Usage: node e2e/support/fake-upstream.mjs
//   (E2E_FAKE_UPSTREAM_PORT, E2E_FAKE_UPSTREAM_KEY, E2E_FAKE_REDIRECT_PORT, E2E_FAKE_REDIRECT_HOST)
import { readFileSync } from "node:fs";
import http from "node:http";

const port = Number(process.env.E2E_FAKE_UPSTREAM_PORT ?? 3111);
const redirectPort = Number(process.env.E2E_FAKE_REDIRECT_PORT ?? 3114);
const redirectHost = process.env.E2E_FAKE_REDIRECT_HOST ?? "localhost";
const key = process.env.E2E_FAKE_UPSTREAM_KEY;
if (!key) {
  console.error("E2E_FAKE_UPSTREAM_KEY must be set.");
  process.exit(2);
}

const MODES = new Set([
  "ok",
  "empty",
  "delay",
  "key_rejected",
  "server_error",
  "bad_gateway",
  "unavailable",
  "gateway_timeout",
  "rate_limited",
  "timeout",
  "reset",
  "garbage",
  "invalid_json",
  "truncated",
  "huge",
  "wrong_content_type",
  "redirect",
  "malformed",
  "bad_rows",
  "long_page",
]);
const WALK_MODES = new Set(["ok", "shifting", "duplicates"]);
const MANY_MIGRATIONS = 3000;
/** Two and a half pages of the largest page size: a walk of three pages. */
const WALK_MIGRATIONS = 250;
/** New migrations a list request of the shifting walk upstream inserts at the top first. */
const SHIFT_BY = 3;
const HUGE_BYTES = 50 * 1024 * 1024;
const MAX_PAGE_SIZE = 100;
const REQUEST_LOG_SIZE = 5000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Milliseconds and the microseconds beyond them of a created value; a zone-less value is UTC. */
function sortKey(created) {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)?$/.exec(created);
  if (!match) throw new Error(`bad fixture created value ${created}`);
  const [, head, fraction = "", zone = "Z"] = match;
  const micros = fraction.padEnd(6, "0").slice(0, 6);
  return Date.parse(`${head}.${micros.slice(0, 3)}${zone}`) * 1000 + Number(micros.slice(3));
}

const fixtures = JSON.parse(readFileSync(new URL("./fake-upstream-fixtures.json", import.meta.url), "utf8"));
// Newest first, `id` descending as the tie-break: the documented order.
const migrations = [...fixtures].sort((a, b) => sortKey(b.created) - sortKey(a.created) || (a.id < b.id ? 1 : -1));

/**
 * `count` generated migrations, newest first: one a minute back from `newest`, ids `prefix` + n in
 * the same (descending) order, so that id and time agree as the documented order wants.
 */
function generated(count, prefix, newest = Date.UTC(2025, 11, 1) + count * 60_000) {
  return Array.from({ length: count }, (_, index) => {
    const n = count - index;
    return {
      object: "migration",
      id: `${prefix}${n.toString(16).padStart(12, "0")}`,
      created: new Date(newest - index * 60_000).toISOString().replace("Z", "000"),
      status: ["COMPLETE", "COMPLETE", "FAILED", "WORKING", "PENDING_USER_INPUT"][n % 5],
      created_by_user_id: `usr_${n % 50}`,
      company_id: `cmp_${n % 7}`,
    };
  });
}

const many = generated(MANY_MIGRATIONS, "00000000-0000-4000-8000-");
/** Older than every fixture: a long page's padding sorts after them, like rows of a later page. */
const padding = generated(MAX_PAGE_SIZE + 1, "00000000-0000-4000-b000-", Date.UTC(2024, 0, 1));
const walkBase = generated(WALK_MIGRATIONS, "00000000-0000-4000-9000-", Date.UTC(2026, 0, 1));

let mode = "ok";
let walkMode = "ok";
let retryAfter = "60";
let delayMs = 1000;
let contentType = "text/html; charset=utf-8";
let requestsSinceSwitch = 0;
/** Status changes and removals of fixtures (mode ok): an upstream whose data moves while a test watches. */
const statusOverrides = new Map();
const removed = new Set();
/** Migrations the shifting walk upstream inserted, newest first; cleared by a reset. */
let walkInserted = [];
/** The requests received, newest last, numbered from 1 (see GET /__requests). */
const requestLog = [];
let lastRequestSeq = 0;
/** What the redirect target received (see GET /__redirect_target). */
const redirectLog = [];
/** Requests the timeout and delay modes hold open; ended when the mode changes or the server stops. */
const held = new Set();

function json(res, status, body, headers = {}) {
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

const error = (res, status, type, message, headers) => json(res, status, { error: { type, message } }, headers);

/** What a reverse proxy in front of an API sends when the API behind it fails: HTML, not the API's JSON. */
function proxyPage(res, status, reason) {
  res.writeHead(status, { "Content-Type": "text/html", "Cache-Control": "no-store" });
  res.end(`<html><head><title>${status} ${reason}</title></head><body><h1>${status} ${reason}</h1></body></html>`);
}

function releaseHeld() {
  for (const res of held) res.destroy();
  held.clear();
}

function hold(res) {
  held.add(res);
  res.on("close", () => held.delete(res));
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => {
      text += chunk;
    });
    req.on("end", () => resolve(text));
    req.on("error", reject);
  });
}

async function control(req, res) {
  if (req.method === "GET") return json(res, 200, { mode, walk_mode: walkMode, requests: requestsSinceSwitch });
  if (req.method !== "POST") return error(res, 405, "method_not_allowed", "GET or POST");
  let body;
  try {
    body = JSON.parse(await readBody(req));
  } catch {
    return error(res, 400, "invalid_request", 'expected {"mode": "…"} or another control');
  }
  if (body.mode !== undefined && !MODES.has(body.mode)) {
    return error(res, 400, "invalid_request", `mode must be one of ${[...MODES].join(", ")}`);
  }
  if (body.walk_mode !== undefined && !WALK_MODES.has(body.walk_mode)) {
    return error(res, 400, "invalid_request", `walk_mode must be one of ${[...WALK_MODES].join(", ")}`);
  }
  if (body.delay_ms !== undefined && !(Number.isSafeInteger(body.delay_ms) && body.delay_ms >= 0)) {
    return error(res, 400, "invalid_request", "delay_ms must be a whole number of milliseconds");
  }
  if (body.content_type !== undefined && !/^[\x20-\x7e]{1,100}$/.test(String(body.content_type))) {
    return error(res, 400, "invalid_request", "content_type must be a short header value");
  }
  const known = (id) => migrations.some((row) => row.id === id);
  if (body.set_status !== undefined && !(known(body.set_status?.id) && typeof body.set_status?.status === "string")) {
    return error(res, 400, "invalid_request", 'set_status needs a fixture "id" and a "status"');
  }
  if (body.remove !== undefined && !known(body.remove)) {
    return error(res, 400, "invalid_request", "remove needs a fixture id");
  }
  if (body.reset === true) {
    mode = "ok";
    walkMode = "ok";
    walkInserted = [];
    statusOverrides.clear();
    removed.clear();
  }
  if (body.set_status !== undefined) statusOverrides.set(body.set_status.id, body.set_status.status);
  if (body.remove !== undefined) removed.add(body.remove);
  if (body.walk_mode !== undefined) walkMode = body.walk_mode;
  if (body.mode !== undefined || body.reset === true) {
    if (body.mode !== undefined) mode = body.mode;
    retryAfter = body.retry_after !== undefined ? String(body.retry_after) : "60";
    delayMs = body.delay_ms ?? 1000;
    contentType = body.content_type ?? "text/html; charset=utf-8";
    requestsSinceSwitch = 0;
    releaseHeld();
  }
  return json(res, 200, { mode, walk_mode: walkMode });
}

/** The fixtures as the upstream has them now: status changes applied, removed ones gone. */
function currentMigrations() {
  return migrations
    .filter((row) => !removed.has(row.id))
    .map((row) => (statusOverrides.has(row.id) ? { ...row, status: statusOverrides.get(row.id) } : row));
}

function positiveInteger(raw, fallback) {
  if (raw === null) return fallback;
  return /^[1-9][0-9]{0,6}$/.test(raw) ? Number(raw) : undefined;
}

/** Streams a 50 MiB list in 64 KiB pieces, as fast as the client reads and no faster; stops when it hangs up. */
function streamHuge(res) {
  // No Content-Length: only a client that counts while it reads can stop this.
  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
  const row = (n) =>
    JSON.stringify({
      object: "migration",
      id: `00000000-0000-4000-c000-${n.toString(16).padStart(12, "0")}`,
      created: "2025-12-01T00:00:00.000000",
      status: "COMPLETE",
      created_by_user_id: "usr_flood",
      company_id: "cmp_flood",
    });
  let closed = false;
  res.on("close", () => {
    closed = true;
  });
  let sent = 0;
  let n = 0;
  const pump = () => {
    while (!closed && sent < HUGE_BYTES) {
      let chunk = n === 0 ? '{"next":null,"results":[' : "";
      while (chunk.length < 64 * 1024) chunk += (n === 0 ? "" : ",") + row(n++);
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once("drain", pump);
        return;
      }
    }
    if (!closed) res.end("]}");
  };
  pump();
}

/** The answer to a list or by-id read in `mode` (after the modes that do not answer at all). */
function answer(res, url, rows, { base, longPages = false, overlap = false } = {}) {
  const result = read(url, base, rows, { longPages, overlap });
  if (mode === "wrong_content_type") {
    return json(res, result.status, result.body, { "Content-Type": contentType });
  }
  if (mode === "truncated") {
    // Every answer a 200 (the body never arrives whole, so what it would have held does not matter):
    // a read by id of an unknown id breaks off too, instead of being a 404 whose body nobody reads.
    const text = JSON.stringify(result.status === 200 ? result.body : read(new URL(base, url), base, rows).body);
    res.writeHead(200, { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(text)) });
    res.write(text.slice(0, Math.floor(text.length / 2)));
    // Once the first half is on its way: the client sees the promised length cut short.
    setTimeout(() => res.socket?.destroy(), 20);
    return undefined;
  }
  return json(res, result.status, result.body);
}

function api(req, res, url) {
  requestsSinceSwitch++;
  if (req.headers.authorization !== `Bearer ${key}`) {
    return error(res, 401, "authentication_error", "Missing or unknown API key.");
  }
  if (url.pathname.startsWith("/many/")) return json(res, ...statusAndBody(url, "/many/api/v1", many));
  if (url.pathname.startsWith("/none/")) return json(res, ...statusAndBody(url, "/none/api/v1", []));
  if (url.pathname.startsWith("/walk/")) return walk(res, url);
  switch (mode) {
    case "key_rejected":
      return error(res, 401, "authentication_error", "This API key was revoked.");
    case "unavailable":
      return error(res, 503, "unavailable", "Down for maintenance.");
    case "server_error":
      return error(res, 500, "internal_error", "Something broke.");
    case "bad_gateway":
      return proxyPage(res, 502, "Bad Gateway");
    case "gateway_timeout":
      return proxyPage(res, 504, "Gateway Time-out");
    case "rate_limited":
      return error(res, 429, "rate_limited", "Slow down.", { "Retry-After": retryAfter });
    case "timeout":
      return hold(res);
    case "reset":
      // An RST, not a FIN: the client sees ECONNRESET with no answer at all.
      return req.socket.resetAndDestroy();
    case "garbage":
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      return res.end("<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>");
    case "invalid_json":
      res.writeHead(200, { "Content-Type": "application/json" });
      return res.end('{"results":[{"id":');
    case "huge":
      return streamHuge(res);
    case "redirect":
      res.writeHead(302, { Location: `http://${redirectHost}:${redirectPort}${req.url ?? "/"}` });
      return res.end();
    case "malformed":
      return json(res, 200, { object: "list", rows: "not a list", count: "many" });
    case "delay": {
      hold(res);
      const timer = setTimeout(() => {
        held.delete(res);
        if (!res.destroyed) answer(res, url, currentMigrations(), { base: "/api/v1/migrations" });
      }, delayMs);
      res.on("close", () => clearTimeout(timer));
      return undefined;
    }
  }
  const rows =
    mode === "empty"
      ? []
      : mode === "bad_rows"
        ? currentMigrations().map(({ created: _created, ...row }) => row)
        : currentMigrations();
  return answer(res, url, rows, { base: "/api/v1/migrations", longPages: mode === "long_page" });
}

/** The walk upstream: its own migrations and its own mode, for tests that start a server on it. */
function walk(res, url) {
  const isList = url.pathname === "/walk/api/v1/migrations";
  if (isList && walkMode === "shifting") {
    const newest = sortKey((walkInserted[0] ?? walkBase[0]).created) / 1000;
    const start = walkInserted.length;
    const added = Array.from({ length: SHIFT_BY }, (_, i) => {
      const n = start + SHIFT_BY - i;
      return {
        object: "migration",
        id: `00000000-0000-4000-a000-${n.toString(16).padStart(12, "0")}`,
        created: new Date(newest + (SHIFT_BY - i) * 1000).toISOString().replace("Z", "000"),
        status: "WORKING",
        created_by_user_id: "usr_shift",
        company_id: "cmp_shift",
      };
    });
    walkInserted = [...added, ...walkInserted];
  }
  return json(
    res,
    ...statusAndBody(url, "/walk/api/v1", [...walkInserted, ...walkBase], { overlap: walkMode === "duplicates" }),
  );
}

/** [status, body] of the documented list and by-id reads over `rows`, under `apiBase`. */
function statusAndBody(url, apiBase, rows, options = {}) {
  const { status, body } = read(url, `${apiBase}/migrations`, rows, options);
  return [status, body];
}

/**
 * The documented list and by-id reads over `rows`, under `base`, as {status, body}. `longPages`:
 * each page one row longer than asked; `overlap`: page n > 1 starts with the last row of page n - 1.
 */
function read(url, base, rows, { longPages = false, overlap = false } = {}) {
  const notFound = { status: 404, body: { error: { type: "not_found", message: "No such migration." } } };
  const detail = new RegExp(`^${base}/([^/]+)$`).exec(url.pathname);
  if (detail) {
    const id = decodeURIComponent(detail[1] ?? "");
    if (!UUID.test(id)) return notFound;
    const migration = rows.find((row) => row.id === id);
    return migration ? { status: 200, body: migration } : notFound;
  }
  if (url.pathname !== base) return { status: 404, body: { error: { type: "not_found", message: "No such route." } } };

  const page = positiveInteger(url.searchParams.get("page"), 1);
  const pageSize = positiveInteger(url.searchParams.get("page_size"), 10);
  const invalid = (message) => ({ status: 400, body: { error: { type: "invalid_request", message } } });
  if (page === undefined) return invalid("page must be a whole number from 1.");
  if (pageSize === undefined || pageSize > MAX_PAGE_SIZE) {
    return invalid(`page_size must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
  }
  const start = (page - 1) * pageSize - (overlap && page > 1 ? 1 : 0);
  const end = start + pageSize;
  const next = end < rows.length ? `${url.pathname}?page=${page + 1}&page_size=${pageSize}` : null;
  let results = rows.slice(start, end);
  if (longPages) results = [...results, ...padding.slice(0, pageSize + 1 - results.length)];
  return { status: 200, body: { count: rows.length, next, results } };
}

function logRequest(req) {
  requestLog.push({ seq: ++lastRequestSeq, method: req.method, path: req.url ?? "" });
  if (requestLog.length > REQUEST_LOG_SIZE) requestLog.shift();
}

function requestsAfter(url) {
  const after = Number(url.searchParams.get("after") ?? 0);
  return { last: lastRequestSeq, requests: requestLog.filter((entry) => entry.seq > after) };
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", `http://127.0.0.1:${port}`);
  if (url.pathname === "/__health") return json(res, 200, { ok: true });
  if (url.pathname === "/__requests") return json(res, 200, requestsAfter(url));
  if (url.pathname === "/__redirect_target") return json(res, 200, { requests: redirectLog });
  if (url.pathname === "/__walk") {
    const rows = [...walkInserted, ...walkBase];
    return json(res, 200, { walk_mode: walkMode, inserted: walkInserted.length, ids: rows.map((row) => row.id) });
  }
  if (url.pathname === "/__control") {
    control(req, res).catch(() => error(res, 500, "internal_error", "control failed"));
    return undefined;
  }
  logRequest(req);
  if (req.method !== "GET") return error(res, 405, "method_not_allowed", "GET only.", { Allow: "GET" });
  if (/^\/(many\/|none\/|walk\/)?api\/v1\/migrations(\/|$)/.test(url.pathname)) {
    return api(req, res, url);
  }
  return error(res, 404, "not_found", "No such route.");
});

/**
 * Where the redirect mode points: another port under another host name. It answers every request
 * with the fixtures, as a working API would, and logs whether the request carried the key.
 */
const redirectTarget = http.createServer((req, res) => {
  const authorization = req.headers.authorization;
  redirectLog.push({
    seq: redirectLog.length + 1,
    method: req.method,
    path: req.url ?? "",
    authorization: authorization !== undefined,
    carries_key: authorization?.includes(key) ?? false,
  });
  const url = new URL(req.url ?? "/", `http://${redirectHost}:${redirectPort}`);
  json(res, ...statusAndBody(url, "/api/v1", currentMigrations()));
});

server.listen(port, "127.0.0.1", () => console.log(`fake Migrations API on 127.0.0.1:${port}`));
redirectTarget.listen(redirectPort, "127.0.0.1", () =>
  console.log(`its redirect target on 127.0.0.1:${redirectPort} (${redirectHost})`),
);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    releaseHeld();
    server.closeAllConnections();
    redirectTarget.closeAllConnections();
    redirectTarget.close();
    server.close(() => process.exit(0));
  });
}
