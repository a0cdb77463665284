/**
 * Benchmark of the embedded Migrations API: `npm run bench:api`.
 *
 * Seeds 100,000 migrations in one organization, then measures
 *  1. database time in process, with the store functions the route handlers call, and
 *  2. HTTP requests/s and latency with autocannon against `next start` on loopback, compared with a
 *     trivial route handler (GET /api/health/live) measured in the same run.
 * Targets: a page query's database time under 1 ms; HTTP figures within 2× of the trivial handler.
 * It is a measurement, not a test: a missed target is reported, and only errors exit non-zero.
 */
import { randomInt } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { createApiKey } from "@/lib/embedded-api/api-keys";
import { type EmbeddedDatabase, openDatabase } from "@/lib/embedded-api/database";
import {
  countMigrations,
  findMigration,
  listMigrationPage,
  type MigrationFilters,
  type PageRequest,
} from "@/lib/embedded-api/migrations-store";
import { ensureOrganization } from "@/lib/embedded-api/organizations";
import { seedDatabase } from "@/lib/embedded-api/seed-database";
import { type AppServer, ensureBuild, launchServer, ROOT, stopProcess } from "./lib/next-server";
import { percentile, printTable, verdict } from "./lib/report";
import { runBenchmark } from "./lib/run-benchmark";

const MIGRATIONS = 100_000;
const ORGANIZATION = "bench";
const PAGE_SIZE = 100;

const DB_TARGET_US = 1000;
const DB_WARMUP_ITERATIONS = 20;
const DB_MIN_ITERATIONS = 100;
const DB_MAX_ITERATIONS = 2000;
const DB_BUDGET_MS = 2000;

const HTTP_TARGET_RATIO = 2;
const CONNECTIONS = 10;
const DURATION_S = 8;
const WARMUP_S = 2;
/** Relative difference between the two baseline runs above which the figures are flagged as noisy. */
const BASELINE_DRIFT_WARNING = 0.25;

interface ListScenario {
  name: string;
  filters: MigrationFilters;
  page: PageRequest;
}

/** The page queries of the issue: (a) plain, (b) deep, (c) status-filtered. */
const LIST_SCENARIOS: readonly ListScenario[] = [
  { name: "plain page", filters: {}, page: { page: 1, pageSize: PAGE_SIZE } },
  { name: "deep page (page=900)", filters: {}, page: { page: 900, pageSize: PAGE_SIZE } },
  { name: "status=FAILED", filters: { statuses: ["FAILED"] }, page: { page: 1, pageSize: PAGE_SIZE } },
];

interface Summary {
  median: number;
  p99: number;
}

interface DbResult {
  name: string;
  iterations: number;
  /** The very first rows call, before any warm-up: cold statement and page-anchor caches. */
  firstRowsUs: number;
  rowsUs: Summary;
  /** Absent for the by-id lookup, which has no count query. */
  countUs?: Summary;
  /** rows + count of the same iteration, i.e. the database time of one request. */
  totalUs: Summary;
  pass: boolean;
}

interface Endpoint {
  name: string;
  path: string;
  headers: Record<string, string>;
  /** A sanity check on one response body, so that we never time a fast but wrong answer. */
  expect: (body: unknown) => boolean;
}

interface HttpResult {
  name: string;
  path: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
}

interface Prepared {
  apiKey: string;
  migrationId: string;
  database: DbResult[];
}

// ---------------------------------------------------------------------------------------------------------
// Statistics and printing

function summarize(values: readonly number[]): Summary {
  return { median: percentile(values, 50), p99: percentile(values, 99) };
}

// ---------------------------------------------------------------------------------------------------------
// Database time, in process

function timedUs<T>(fn: () => T): [T, number] {
  const start = process.hrtime.bigint();
  const value = fn();
  return [value, Number(process.hrtime.bigint() - start) / 1000];
}

/** Warms up, then runs `step` (which returns its phases' µs) for a time budget, within iteration bounds. */
function sampleSteps(step: () => readonly number[]): number[][] {
  for (let i = 0; i < DB_WARMUP_ITERATIONS; i++) step();
  const samples: number[][] = [];
  const deadline = performance.now() + DB_BUDGET_MS;
  while (samples.length < DB_MIN_ITERATIONS || (samples.length < DB_MAX_ITERATIONS && performance.now() < deadline)) {
    samples.push([...step()]);
  }
  return samples;
}

function column(samples: readonly number[][], index: number): number[] {
  return samples.map((sample) => sample[index] ?? 0);
}

function timeListScenario(db: EmbeddedDatabase, organizationId: string, scenario: ListScenario): DbResult {
  const [probe, firstRowsUs] = timedUs(() => listMigrationPage(db, organizationId, scenario.filters, scenario.page));
  if (probe.length !== scenario.page.pageSize) {
    throw new Error(`${scenario.name}: expected a full page of ${scenario.page.pageSize}, got ${probe.length} rows`);
  }
  const samples = sampleSteps(() => {
    const [, rowsUs] = timedUs(() => listMigrationPage(db, organizationId, scenario.filters, scenario.page));
    const [, countUs] = timedUs(() => countMigrations(db, organizationId, scenario.filters));
    return [rowsUs, countUs];
  });
  const rows = column(samples, 0);
  const counts = column(samples, 1);
  const totalUs = summarize(rows.map((us, i) => us + (counts[i] ?? 0)));
  return {
    name: scenario.name,
    iterations: samples.length,
    firstRowsUs,
    rowsUs: summarize(rows),
    countUs: summarize(counts),
    totalUs,
    pass: totalUs.median < DB_TARGET_US,
  };
}

function timeFindById(db: EmbeddedDatabase, organizationId: string, id: string): DbResult {
  const [probe, firstRowsUs] = timedUs(() => findMigration(db, organizationId, id));
  if (probe?.id !== id) throw new Error(`by id: migration ${id} not found`);
  const samples = sampleSteps(() => [timedUs(() => findMigration(db, organizationId, id))[1]]);
  const rowsUs = summarize(column(samples, 0));
  const pass = rowsUs.median < DB_TARGET_US;
  return { name: "by id", iterations: samples.length, firstRowsUs, rowsUs, totalUs: rowsUs, pass };
}

/** Some existing migration of the organization, drawn at random from the whole list. */
function randomMigrationId(db: EmbeddedDatabase, organizationId: string): string {
  const pages = MIGRATIONS / PAGE_SIZE;
  const page = listMigrationPage(db, organizationId, {}, { page: 1 + randomInt(pages), pageSize: PAGE_SIZE });
  const migration = page[randomInt(page.length)];
  if (!migration) throw new Error("no migration found to look up by id");
  return migration.id;
}

/** Seeds the database the server will open, creates the benchmark's key, and measures database time. */
function prepareDatabase(dataDir: string): Prepared {
  // The same file name the server opens (embeddedDatabasePath()), so the server finds the seeded data.
  const db = openDatabase(path.join(dataDir, "migrations-api.sqlite"));
  try {
    const seedStart = performance.now();
    seedDatabase(db, {
      migrations: MIGRATIONS,
      companies: 40,
      users: 200,
      seed: 42,
      now: new Date(),
      days: 90,
      organizations: [{ name: ORGANIZATION, weight: 1 }],
    });
    console.log(`Seeded ${MIGRATIONS} migrations in ${((performance.now() - seedStart) / 1000).toFixed(1)} s.`);
    const organization = ensureOrganization(db, ORGANIZATION);
    const { key } = createApiKey(db, organization, "bench");
    const migrationId = randomMigrationId(db, organization.id);
    const database = [
      ...LIST_SCENARIOS.map((scenario) => timeListScenario(db, organization.id, scenario)),
      timeFindById(db, organization.id, migrationId),
    ];
    return { apiKey: key, migrationId, database };
  } finally {
    // Closed before the server starts, so the figures above never share the file with the server.
    db.close();
  }
}

function printDatabase(results: readonly DbResult[]): void {
  console.log(`\nDatabase time per request, in process (µs; target: median rows + count < ${DB_TARGET_US} µs)`);
  const us = (value: number | undefined) => (value === undefined ? "-" : value.toFixed(0));
  printTable(
    ["query", "runs", "rows 1st", "rows p50", "rows p99", "count p50", "count p99", "sum p50", "sum p99", "< 1 ms"],
    results.map((r) => [
      r.name,
      String(r.iterations),
      us(r.firstRowsUs),
      us(r.rowsUs.median),
      us(r.rowsUs.p99),
      us(r.countUs?.median),
      us(r.countUs?.p99),
      us(r.totalUs.median),
      us(r.totalUs.p99),
      verdict(r.pass),
    ]),
  );
  console.log("rows 1st: the first call, before warm-up (cold statement and page caches); not part of the target.");
}

// ---------------------------------------------------------------------------------------------------------
// HTTP load

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function listQuery(scenario: ListScenario): string {
  const params = new URLSearchParams();
  if (scenario.page.page !== 1) params.set("page", String(scenario.page.page));
  params.set("page_size", String(scenario.page.pageSize));
  for (const status of scenario.filters.statuses ?? []) params.append("status", status);
  return params.toString();
}

function endpoints(apiKey: string, migrationId: string): { baseline: Endpoint; api: Endpoint[] } {
  const auth = { Authorization: `Bearer ${apiKey}` };
  const fullPage = (body: unknown) => isRecord(body) && Array.isArray(body.data) && body.data.length === PAGE_SIZE;
  return {
    baseline: {
      name: "baseline /api/health/live",
      path: "/api/health/live",
      headers: {},
      expect: (body) => isRecord(body) && body.status === "ok",
    },
    api: [
      ...LIST_SCENARIOS.map((scenario) => ({
        name: scenario.name,
        path: `/api/v1/migrations?${listQuery(scenario)}`,
        headers: auth,
        expect: fullPage,
      })),
      {
        name: "by id",
        path: `/api/v1/migrations/${migrationId}`,
        headers: auth,
        expect: (body) => isRecord(body) && body.id === migrationId,
      },
    ],
  };
}

/** One request first: a wrong status or body fails loudly instead of being benchmarked. */
async function checkEndpoint(baseUrl: string, endpoint: Endpoint): Promise<void> {
  const response = await fetch(baseUrl + endpoint.path, {
    headers: endpoint.headers,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.status !== 200 || !endpoint.expect(body)) {
    throw new Error(`${endpoint.name}: GET ${endpoint.path} → ${response.status} ${text.slice(0, 200)}`);
  }
}

/** Runs autocannon once; latencies come from each response (autocannon's histogram has whole ms only). */
async function load(baseUrl: string, endpoint: Endpoint, durationS: number): Promise<HttpResult> {
  const latencies: number[] = [];
  const instance = autocannon({
    url: baseUrl + endpoint.path,
    connections: CONNECTIONS,
    duration: durationS,
    headers: endpoint.headers,
  });
  instance.on("response", (_client, statusCode, _bytes, responseTimeMs) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTimeMs);
  });
  const result = await instance;
  if (result.errors > 0 || result.timeouts > 0 || result.non2xx > 0 || latencies.length === 0) {
    throw new Error(
      `${endpoint.name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts, ` +
        `${latencies.length} 2xx (status codes: ${JSON.stringify(result.statusCodeStats)})`,
    );
  }
  const latency = summarize(latencies);
  return {
    name: endpoint.name,
    path: endpoint.path,
    requestsPerSecond: result.requests.average,
    p50Ms: latency.median,
    p99Ms: latency.p99,
    requests: latencies.length,
  };
}

async function measureEndpoint(baseUrl: string, endpoint: Endpoint): Promise<HttpResult> {
  process.stdout.write(`  ${endpoint.name} … `);
  await load(baseUrl, endpoint, WARMUP_S); // JIT, caches and connection set-up: discarded.
  const result = await load(baseUrl, endpoint, DURATION_S);
  console.log(`${result.requestsPerSecond.toFixed(0)} req/s`);
  return result;
}

function meanOf(runs: readonly HttpResult[], name: string): HttpResult {
  const mean = (pick: (r: HttpResult) => number) => runs.reduce((sum, r) => sum + pick(r), 0) / runs.length;
  return {
    name,
    path: runs[0]?.path ?? "",
    requestsPerSecond: mean((r) => r.requestsPerSecond),
    p50Ms: mean((r) => r.p50Ms),
    p99Ms: mean((r) => r.p99Ms),
    requests: runs.reduce((sum, r) => sum + r.requests, 0),
  };
}

function compare(result: HttpResult, baseline: HttpResult) {
  const throughputRatio = baseline.requestsPerSecond / result.requestsPerSecond;
  const latencyRatio = result.p50Ms / baseline.p50Ms;
  return {
    ...result,
    throughputRatio,
    latencyRatio,
    pass: throughputRatio <= HTTP_TARGET_RATIO && latencyRatio <= HTTP_TARGET_RATIO,
  };
}

function printHttp(baselineRuns: readonly HttpResult[], baseline: HttpResult, compared: ReturnType<typeof compare>[]) {
  console.log(
    `\nHTTP, ${CONNECTIONS} connections × ${DURATION_S} s each (target: both ratios ≤ ${HTTP_TARGET_RATIO}; ` +
      "baseline = mean of the first and last run)",
  );
  const figures = (r: HttpResult) => [r.requestsPerSecond.toFixed(0), r.p50Ms.toFixed(2), r.p99Ms.toFixed(2)];
  printTable(
    ["endpoint", "req/s", "p50 ms", "p99 ms", "base/req/s", "p50/base", "within 2×"],
    [
      ...baselineRuns.map((r, i) => [`${r.name} (run ${i + 1})`, ...figures(r), "", "", ""]),
      [baseline.name, ...figures(baseline), "1.00", "1.00", ""],
      ...compared.map((r) => [
        r.name,
        ...figures(r),
        r.throughputRatio.toFixed(2),
        r.latencyRatio.toFixed(2),
        verdict(r.pass),
      ]),
    ],
  );
}

// ---------------------------------------------------------------------------------------------------------
// Main

function writeResults(results: object): string {
  const dir = path.join(ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `api-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

let server: AppServer | undefined;
let dataDir: string | undefined;

async function cleanUp(): Promise<void> {
  if (server) await stopProcess(server.child);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  server = undefined;
  dataDir = undefined;
}

interface HttpReport {
  baselineRuns: HttpResult[];
  baseline: HttpResult;
  /** Relative difference between the two baseline runs: how noisy the machine was. */
  baselineDrift: number;
  endpoints: Array<ReturnType<typeof compare>>;
}

async function launchAppServer(dir: string): Promise<string> {
  const started = await launchServer(dir, {}, (launched) => {
    server = launched;
  });
  return started.baseUrl;
}

async function measureHttp(baseUrl: string, prepared: Prepared): Promise<HttpReport> {
  const { baseline, api } = endpoints(prepared.apiKey, prepared.migrationId);
  for (const endpoint of [baseline, ...api]) await checkEndpoint(baseUrl, endpoint);
  // A fresh server still compiles routes and JIT-s; without this the first baseline run reads slow.
  console.log(`\nWarming up the server (${WARMUP_S} s on each endpoint)…`);
  for (const endpoint of [baseline, ...api]) await load(baseUrl, endpoint, WARMUP_S);
  console.log(`Load on ${baseUrl} (another ${WARMUP_S} s warm-up discarded before each run):`);
  // Baseline first and last, API endpoints in between: drift of a noisy machine hits both sides alike.
  const firstBaseline = await measureEndpoint(baseUrl, baseline);
  const apiResults: HttpResult[] = [];
  for (const endpoint of api) apiResults.push(await measureEndpoint(baseUrl, endpoint));
  const lastBaseline = await measureEndpoint(baseUrl, baseline);

  const mean = meanOf([firstBaseline, lastBaseline], baseline.name);
  return {
    baselineRuns: [firstBaseline, lastBaseline],
    baseline: mean,
    baselineDrift: Math.abs(firstBaseline.requestsPerSecond - lastBaseline.requestsPerSecond) / mean.requestsPerSecond,
    endpoints: apiResults.map((result) => compare(result, mean)),
  };
}

async function main(): Promise<void> {
  ensureBuild(false);
  dataDir = mkdtempSync(path.join(os.tmpdir(), "mc-bench-api-"));
  const prepared = prepareDatabase(dataDir);
  printDatabase(prepared.database);

  const http = await measureHttp(await launchAppServer(dataDir), prepared);
  printHttp(http.baselineRuns, http.baseline, http.endpoints);
  if (http.baselineDrift > BASELINE_DRIFT_WARNING) {
    const percent = (http.baselineDrift * 100).toFixed(0);
    console.log(`Note: the two baseline runs differ by ${percent}%: the machine was busy; rerun to confirm.`);
  }

  const file = writeResults({
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` },
    config: { migrations: MIGRATIONS, pageSize: PAGE_SIZE, connections: CONNECTIONS, durationS: DURATION_S },
    targets: { databaseUs: DB_TARGET_US, httpRatio: HTTP_TARGET_RATIO },
    database: prepared.database,
    http,
  });
  console.log(`\nResults written to ${path.relative(ROOT, file)}`);
}

runBenchmark(main, cleanUp, "stopping the server and removing the temporary data folder");
