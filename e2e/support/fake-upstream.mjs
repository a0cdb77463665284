// A fake Migrations API for the browser tests: only the documented contract (page and page_size,
// no filters), Bearer auth with one fixed key, and the list in a `{"results":[…],"count":N}`
// envelope (not the embedded API's shape: the dashboard's reader must tolerate it). Its fixtures
// (fake-upstream-fixtures.json) hold an unknown status, a null company_id and zone-less,
// `Z` and `+00:00` timestamps.
//
// POST /__control with any of these fields:
//   "mode": what every API request gets from now on:
//     ok            the fixtures (with the status changes and removals below)
//     empty         an empty list (a migration id is then a 404)
//     key_rejected  401
//     server_error  500
//     unavailable   503, always
//     rate_limited  429 with Retry-After: "retry_after" seconds (default 60, above the client's 10 s cap: no retry)
//     timeout       no answer at all
//     garbage       200 with an HTML page
//     malformed     200 with JSON that holds no list of migrations
//     bad_rows      200 with the list, every row missing its `created`
//   "set_status": {"id", "status"}: that fixture has this status from now on
//   "remove": an id: that fixture is no longer listed, and its id is a 404
//   "reset": true: mode ok, no status changes, no removals
// GET /__control answers the mode and how many API requests arrived since the last switch.
// GET /__requests?after=N answers every request (but the control ones) received after the one
// numbered N, as {"last": M, "requests": [{"seq","method","path"}]} (`path` as sent, query included;
// the most recent REQUEST_LOG_SIZE only): what the app asked, for tests that count it.
// Whatever the mode, /many/api/v1 serves MANY_MIGRATIONS generated migrations (a large upstream,
// for watching a first full read) and /none/api/v1 serves none.
// Usage: node e2e/support/fake-upstream.mjs   (E2E_FAKE_UPSTREAM_PORT, E2E_FAKE_UPSTREAM_KEY)
import { readFileSync } from "node:fs";
import http from "node:http";

const port = Number(process.env.E2E_FAKE_UPSTREAM_PORT ?? 3111);
const key = process.env.E2E_FAKE_UPSTREAM_KEY;
if (!key) {
  console.error("E2E_FAKE_UPSTREAM_KEY must be set.");
  process.exit(2);
}

const MODES = new Set([
  "ok",
  "empty",
  "key_rejected",
  "server_error",
  "unavailable",
  "rate_limited",
  "timeout",
  "garbage",
  "malformed",
  "bad_rows",
]);
const MANY_MIGRATIONS = 3000;
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

/** Generated, newest first: one a minute back from a fixed moment, ids in the same (descending) order. */
const many = Array.from({ length: MANY_MIGRATIONS }, (_, index) => {
  const n = MANY_MIGRATIONS - index;
  return {
    object: "migration",
    id: `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`,
    created: new Date(Date.UTC(2025, 11, 1) + n * 60_000).toISOString().replace("Z", "000"),
    status: ["COMPLETE", "COMPLETE", "FAILED", "WORKING", "PENDING_USER_INPUT"][n % 5],
    created_by_user_id: `usr_${n % 50}`,
    company_id: `cmp_${n % 7}`,
  };
});

let mode = "ok";
let retryAfter = "60";
let requestsSinceSwitch = 0;
/** Status changes and removals of fixtures (mode ok): an upstream whose data moves while a test watches. */
const statusOverrides = new Map();
const removed = new Set();
/** The requests received, newest last, numbered from 1 (see GET /__requests). */
const requestLog = [];
let lastRequestSeq = 0;
/** Requests the timeout mode holds open; ended when the mode changes or the server stops. */
const held = new Set();

function json(res, status, body, headers = {}) {
  res.writeHead(status, { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers });
  res.end(JSON.stringify(body));
}

const error = (res, status, type, message, headers) => json(res, status, { error: { type, message } }, headers);

function releaseHeld() {
  for (const res of held) res.destroy();
  held.clear();
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
  if (req.method === "GET") return json(res, 200, { mode, requests: requestsSinceSwitch });
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
  const known = (id) => migrations.some((row) => row.id === id);
  if (body.set_status !== undefined && !(known(body.set_status?.id) && typeof body.set_status?.status === "string")) {
    return error(res, 400, "invalid_request", 'set_status needs a fixture "id" and a "status"');
  }
  if (body.remove !== undefined && !known(body.remove)) {
    return error(res, 400, "invalid_request", "remove needs a fixture id");
  }
  if (body.reset === true) {
    mode = "ok";
    statusOverrides.clear();
    removed.clear();
  }
  if (body.set_status !== undefined) statusOverrides.set(body.set_status.id, body.set_status.status);
  if (body.remove !== undefined) removed.add(body.remove);
  if (body.mode !== undefined || body.reset === true) {
    if (body.mode !== undefined) mode = body.mode;
    retryAfter = body.retry_after !== undefined ? String(body.retry_after) : "60";
    requestsSinceSwitch = 0;
    releaseHeld();
  }
  return json(res, 200, { mode });
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

function api(req, res, url) {
  requestsSinceSwitch++;
  if (req.headers.authorization !== `Bearer ${key}`) {
    return error(res, 401, "authentication_error", "Missing or unknown API key.");
  }
  if (url.pathname.startsWith("/many/")) return serve(res, url, "/many/api/v1/migrations", many);
  if (url.pathname.startsWith("/none/")) return serve(res, url, "/none/api/v1/migrations", []);
  switch (mode) {
    case "key_rejected":
      return error(res, 401, "authentication_error", "This API key was revoked.");
    case "unavailable":
      return error(res, 503, "unavailable", "Down for maintenance.");
    case "server_error":
      return error(res, 500, "internal_error", "Something broke.");
    case "rate_limited":
      return error(res, 429, "rate_limited", "Slow down.", { "Retry-After": retryAfter });
    case "timeout":
      held.add(res);
      res.on("close", () => held.delete(res));
      return undefined;
    case "garbage":
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      return res.end("<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>");
    case "malformed":
      return json(res, 200, { object: "list", rows: "not a list", count: "many" });
  }
  const rows =
    mode === "empty"
      ? []
      : mode === "bad_rows"
        ? currentMigrations().map(({ created: _created, ...row }) => row)
        : currentMigrations();
  return serve(res, url, "/api/v1/migrations", rows);
}

/** The documented list and by-id reads over `rows`, under `base`. */
function serve(res, url, base, rows) {
  const detail = new RegExp(`^${base}/([^/]+)$`).exec(url.pathname);
  if (detail) {
    const id = decodeURIComponent(detail[1] ?? "");
    if (!UUID.test(id)) return error(res, 404, "not_found", "No such migration.");
    const migration = rows.find((row) => row.id === id);
    return migration ? json(res, 200, migration) : error(res, 404, "not_found", "No such migration.");
  }
  if (url.pathname !== base) return error(res, 404, "not_found", "No such route.");

  const page = positiveInteger(url.searchParams.get("page"), 1);
  const pageSize = positiveInteger(url.searchParams.get("page_size"), 10);
  if (page === undefined) return error(res, 400, "invalid_request", "page must be a whole number from 1.");
  if (pageSize === undefined || pageSize > MAX_PAGE_SIZE) {
    return error(res, 400, "invalid_request", `page_size must be a whole number from 1 to ${MAX_PAGE_SIZE}.`);
  }
  const start = (page - 1) * pageSize;
  const next = start + pageSize < rows.length ? `${url.pathname}?page=${page + 1}&page_size=${pageSize}` : null;
  return json(res, 200, { count: rows.length, next, results: rows.slice(start, start + pageSize) });
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
  if (url.pathname === "/__control") {
    control(req, res).catch(() => error(res, 500, "internal_error", "control failed"));
    return undefined;
  }
  logRequest(req);
  if (req.method !== "GET") return error(res, 405, "method_not_allowed", "GET only.", { Allow: "GET" });
  if (/^\/(many\/|none\/)?api\/v1\/migrations(\/|$)/.test(url.pathname)) {
    return api(req, res, url);
  }
  return error(res, 404, "not_found", "No such route.");
});

server.listen(port, "127.0.0.1", () => console.log(`fake Migrations API on 127.0.0.1:${port}`));

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    releaseHeld();
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}
