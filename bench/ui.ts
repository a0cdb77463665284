/**
 * Benchmark of the dashboard's pages in a browser: `npm run bench:ui`.
 *
 * Builds the app, starts `next start` on a fresh data folder (the embedded API seeds 2,500 demo migrations,
 * simulation off), signs in as the demo account in Chromium, then measures
 *  1. first-load JS (gzipped) of /migrations, /migrations/<id> and a bare page of this app (its 404 page),
 *     target: list ≤ 1.35 × bare;
 *  2. filter latency on /migrations: a status chip click → the new rows painted, target: median ≤ 150 ms;
 *  3. Lighthouse 12 (desktop config) on /migrations, targets: performance ≥ 95, accessibility = 100.
 * It is a measurement, not a test: a missed target is reported, and only errors exit non-zero.
 * `--reuse-build` skips the forced rebuild when the existing build is current.
 */
import type { ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { type Browser, type BrowserContext, chromium, type Page } from "@playwright/test";
import { isMigrationId } from "@/lib/migrations/migration-id";
import { CHROMIUM_FLAGS, findChromium } from "../scripts/chromium.cjs";
import { type AppServer, ensureBuild, hasExited, launchServer, ROOT, stopProcess } from "./lib/next-server";
import { percentile, printTable, verdict } from "./lib/report";
import { runBenchmark } from "./lib/run-benchmark";

/** The same browser and flags as the Playwright tests (scripts/chromium.cjs). */
const CHROMIUM = findChromium() ?? "/usr/bin/chromium";
const DEMO = { email: "demo@example.com", password: "demo-migrations" };
const LIST_PATH = "/migrations";
/** Any unknown path: the app's not-found page (404) with the root layout, i.e. the bare page of this app. */
const BARE_PATH = "/bench-bare-baseline";

const GZIP_LEVEL = 9;
const JS_RATIO_TARGET = 1.35;

const FILTER_STATUS = "FAILED";
const FILTER_ITERATIONS = 20;
const FILTER_WARMUP = 2;
const FILTER_TARGET_MS = 150;
const FILTER_TIMEOUT_MS = 15_000;
const VIEWPORT = { width: 1280, height: 800 };

const PERFORMANCE_TARGET = 95;
const ACCESSIBILITY_TARGET = 100;
const LIGHTHOUSE_METRICS = [
  "first-contentful-paint",
  "largest-contentful-paint",
  "total-blocking-time",
  "cumulative-layout-shift",
  "speed-index",
] as const;

// ---------------------------------------------------------------------------------------------------------
// Sign-in

/** Signs in through the real form; returns the Cookie header the browser now sends to the app. */
async function signIn(context: BrowserContext, baseUrl: string): Promise<string> {
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl}/signin?callbackUrl=${encodeURIComponent(LIST_PATH)}`);
    await page.fill("#email", DEMO.email);
    await page.fill("#password", DEMO.password);
    await page.click("button[type=submit]");
    await page.waitForURL((url) => url.pathname === LIST_PATH, { timeout: 30_000 });
  } finally {
    await page.close();
  }
  const cookies = await context.cookies(baseUrl);
  if (!cookies.some((cookie) => cookie.name.endsWith("session-token")))
    throw new Error("no session cookie after sign-in");
  return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join("; ");
}

// ---------------------------------------------------------------------------------------------------------
// First-load JS

interface ScriptSize {
  path: string;
  rawBytes: number;
  gzipBytes: number;
}

interface PageJs {
  name: string;
  path: string;
  status: number;
  scripts: ScriptSize[];
  rawBytes: number;
  gzipBytes: number;
}

async function fetchText(url: string, cookie: string): Promise<{ status: number; text: string }> {
  // Manual redirects: a lost session must fail here, not quietly measure the sign-in page.
  const response = await fetch(url, {
    headers: { Cookie: cookie },
    redirect: "manual",
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, text: await response.text() };
}

function decodeAttribute(value: string): string {
  return value.replaceAll("&amp;", "&").replaceAll("&quot;", '"').replaceAll("&#x27;", "'").replaceAll("&#39;", "'");
}

/**
 * Every `<script src>` of the HTML, in order, without duplicates, as same-origin `/_next/static/` paths.
 * `nomodule` scripts (Next's legacy polyfills) are left out: a browser that runs modules never loads them.
 */
function scriptPaths(html: string, baseUrl: string): string[] {
  const origin = new URL(baseUrl).origin;
  const paths: string[] = [];
  for (const match of html.matchAll(/<script\b([^>]*)>/gi)) {
    const attributes = match[1] ?? "";
    const src = /\bsrc="([^"]*)"/i.exec(attributes)?.[1];
    if (src === undefined || /\bnomodule\b/i.test(attributes)) continue;
    const url = new URL(decodeAttribute(src), baseUrl);
    if (url.origin !== origin || !url.pathname.startsWith("/_next/static/")) {
      throw new Error(`unexpected script ${url.href}: only same-origin /_next/static/ scripts are expected`);
    }
    const key = url.pathname + url.search;
    if (!paths.includes(key)) paths.push(key);
  }
  return paths;
}

async function measurePageJs(
  baseUrl: string,
  cookie: string,
  target: { name: string; path: string; status: number; marker: string },
  sizes: Map<string, ScriptSize>,
): Promise<PageJs> {
  const { status, text } = await fetchText(baseUrl + target.path, cookie);
  if (status !== target.status || !text.includes(target.marker)) {
    throw new Error(`${target.name}: GET ${target.path} → ${status} (expected ${target.status} with ${target.marker})`);
  }
  const scripts: ScriptSize[] = [];
  for (const scriptPath of scriptPaths(text, baseUrl)) {
    let size = sizes.get(scriptPath);
    if (!size) {
      const response = await fetch(baseUrl + scriptPath, { signal: AbortSignal.timeout(30_000) });
      if (response.status !== 200) throw new Error(`${scriptPath}: ${response.status}`);
      const body = Buffer.from(await response.arrayBuffer());
      size = { path: scriptPath, rawBytes: body.length, gzipBytes: gzipSync(body, { level: GZIP_LEVEL }).length };
      sizes.set(scriptPath, size);
    }
    scripts.push(size);
  }
  if (scripts.length === 0) throw new Error(`${target.name}: no <script src> in the HTML`);
  const sum = (pick: (s: ScriptSize) => number) => scripts.reduce((total, s) => total + pick(s), 0);
  return { ...target, status, scripts, rawBytes: sum((s) => s.rawBytes), gzipBytes: sum((s) => s.gzipBytes) };
}

/** A real migration id: the first row of the list page's server-rendered HTML. */
async function firstMigrationId(baseUrl: string, cookie: string): Promise<string> {
  const { status, text } = await fetchText(baseUrl + LIST_PATH, cookie);
  const id = /data-testid="migration-row"[^>]*data-id="([^"]+)"|data-id="([^"]+)"[^>]*data-testid="migration-row"/.exec(
    text,
  );
  const value = id?.[1] ?? id?.[2];
  if (status !== 200 || !value || !isMigrationId(value)) throw new Error(`no migration id in ${LIST_PATH} (${status})`);
  return value;
}

interface JsReport {
  gzipLevel: number;
  pages: PageJs[];
  sharedGzipBytes: number;
  listOverBare: number;
  detailOverBare: number;
  pass: boolean;
}

async function measureFirstLoadJs(baseUrl: string, cookie: string): Promise<JsReport> {
  const id = await firstMigrationId(baseUrl, cookie);
  const sizes = new Map<string, ScriptSize>();
  const targets = [
    { name: "list", path: LIST_PATH, status: 200, marker: 'data-testid="migration-row"' },
    { name: "detail", path: `${LIST_PATH}/${id}`, status: 200, marker: id },
    { name: "bare (404 page)", path: BARE_PATH, status: 404, marker: 'data-testid="not-found"' },
  ];
  const pages: PageJs[] = [];
  for (const target of targets) pages.push(await measurePageJs(baseUrl, cookie, target, sizes));
  const [list, detail, bare] = pages;
  if (!list || !detail || !bare) throw new Error("a page is missing");
  const shared = bare.scripts.filter((s) => list.scripts.includes(s) && detail.scripts.includes(s));
  const listOverBare = list.gzipBytes / bare.gzipBytes;
  return {
    gzipLevel: GZIP_LEVEL,
    pages,
    sharedGzipBytes: shared.reduce((total, s) => total + s.gzipBytes, 0),
    listOverBare,
    detailOverBare: detail.gzipBytes / bare.gzipBytes,
    pass: listOverBare <= JS_RATIO_TARGET,
  };
}

const kB = (bytes: number) => (bytes / 1000).toFixed(1);

function printFirstLoadJs(report: JsReport): void {
  console.log(
    `\nFirst-load JS: every <script src> of the page's HTML, fetched and gzipped one by one (zlib level ` +
      `${report.gzipLevel}), summed per page; shared chunks count in every page (kB = 1000 bytes)`,
  );
  const bare = report.pages.at(-1)?.gzipBytes ?? 1;
  printTable(
    ["page", "path", "scripts", "raw kB", "gzip kB", "× bare"],
    report.pages.map((p) => [
      p.name,
      p.path,
      String(p.scripts.length),
      kB(p.rawBytes),
      kB(p.gzipBytes),
      (p.gzipBytes / bare).toFixed(2),
    ]),
  );
  console.log(`Shared by all three pages: ${kB(report.sharedGzipBytes)} kB gzipped. nomodule polyfills not counted.`);
  console.log(
    `list / bare   = ${report.listOverBare.toFixed(2)}  (target ≤ ${JS_RATIO_TARGET})  ${verdict(report.pass)}`,
  );
  console.log(`detail / bare = ${report.detailOverBare.toFixed(2)}  (no target)`);
}

// ---------------------------------------------------------------------------------------------------------
// Filter latency

interface ClickSample {
  /** Click → rows updated in the DOM → two animation frames (painted). */
  ms: number;
  /** Click → rows updated in the DOM. */
  domMs: number;
  /** List requests (/api/migrations?…) that completed between the click and the paint. */
  fetches: number;
  /** The longest of those requests (Resource Timing duration), 0 when none. */
  fetchMs: number;
  action: "filter" | "clear";
}

interface ClickArgs {
  chip: string;
  filtered: boolean;
  status: string;
  unfilteredShowing: string;
  timeoutMs: number;
}

/*
 * Runs inside the page. A string, not a function: tsx (esbuild keepNames) would wrap the inner named
 * functions in a `__name` helper that does not exist in the browser.
 * Done when the table is no longer a placeholder (aria-busy=false), "Showing …" has changed, and the rows
 * are the expected ones (all of the status when filtering; the unfiltered total when clearing).
 */
const MEASURE_CLICK = `async (args) => {
  const showing = () => document.querySelector("[data-testid=showing]")?.textContent ?? "";
  const before = showing();
  const done = () => {
    const table = document.querySelector("[data-testid=migrations-table]");
    if (!table || table.getAttribute("aria-busy") !== "false") return false;
    const text = showing();
    if (text === before) return false;
    const rows = [...document.querySelectorAll("[data-testid=migration-row]")];
    if (rows.length === 0) return false;
    if (!args.filtered) return text === args.unfilteredShowing;
    return rows.every(
      (row) => row.querySelector("[data-testid=status-badge]")?.getAttribute("data-status") === args.status,
    );
  };
  const chip = document.querySelector(args.chip);
  if (!chip) throw new Error("no " + args.chip);
  performance.clearResourceTimings();
  const start = performance.now();
  chip.click();
  await new Promise((resolve, reject) => {
    const observer = new MutationObserver(() => {
      if (done()) finish();
    });
    const timer = setTimeout(() => {
      observer.disconnect();
      reject(new Error("rows not updated within " + args.timeoutMs + " ms; showing: " + showing()));
    }, args.timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      observer.disconnect();
      resolve();
    };
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    if (done()) finish();
  });
  const updated = performance.now();
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const painted = performance.now();
  const requests = performance
    .getEntriesByType("resource")
    .filter((entry) => new URL(entry.name).pathname === "/api/migrations");
  const fetchMs = Math.max(0, ...requests.map((entry) => entry.duration));
  return { ms: painted - start, domMs: updated - start, fetches: requests.length, fetchMs };
}`;

function isClickResult(value: unknown): value is Omit<ClickSample, "action"> {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.ms === "number" &&
    typeof record.domMs === "number" &&
    typeof record.fetches === "number" &&
    typeof record.fetchMs === "number"
  );
}

const CHIP = `[data-testid=summary-chip-${FILTER_STATUS}]`;

async function clickChip(page: Page, action: ClickSample["action"], unfilteredShowing: string): Promise<ClickSample> {
  // The chip must be in the state this click expects: inactive to filter, active to clear.
  await page.locator(`${CHIP}[aria-pressed=${action === "filter" ? "false" : "true"}]`).waitFor();
  const args: ClickArgs = {
    chip: CHIP,
    filtered: action === "filter",
    status: FILTER_STATUS,
    unfilteredShowing,
    timeoutMs: FILTER_TIMEOUT_MS,
  };
  const result: unknown = await page.evaluate(`(${MEASURE_CLICK})(${JSON.stringify(args)})`);
  if (!isClickResult(result)) throw new Error(`unexpected measurement: ${JSON.stringify(result)}`);
  return { ...result, action };
}

/** Loads a list page, waits for hydration, and pauses live refresh so that no refetch lands in a measurement. */
async function openPausedList(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator("[data-testid=migration-row]").first().waitFor();
  // "updated N s ago" only renders once hydrated: before that a click would be lost. (Locators, not
  // waitForFunction with a string: the app's CSP forbids eval.)
  await page.locator("[data-testid=updated-ago]", { hasText: "updated" }).waitFor();
  const toggle = page.locator("[data-testid=live-toggle]");
  if ((await toggle.getAttribute("aria-pressed")) === "true") await toggle.click();
  await page.locator("[data-testid=live-toggle][aria-pressed=false]").waitFor();
}

/** No list request in flight (the indicator says "updating…" while one is). */
async function settle(page: Page): Promise<void> {
  await page.locator("[data-testid=updated-ago]", { hasNotText: "updating" }).waitFor();
  await page.waitForTimeout(250);
}

interface LatencySeries {
  name: string;
  description: string;
  samples: ClickSample[];
  medianMs: number;
  p90Ms: number;
  medianDomMs: number;
  /** Measured clicks that waited for a list request. */
  fetched: number;
  /** Median duration of those requests, when there were any. */
  medianFetchMs: number | undefined;
  pass: boolean;
}

function series(name: string, description: string, all: ClickSample[]): LatencySeries {
  const samples = all.slice(FILTER_WARMUP);
  const median = (values: number[]) => percentile(values, 50);
  const ms = samples.map((s) => s.ms);
  const fetched = samples.filter((s) => s.fetches > 0);
  return {
    name,
    description,
    samples,
    medianMs: median(ms),
    p90Ms: percentile(ms, 90),
    medianDomMs: median(samples.map((s) => s.domMs)),
    fetched: fetched.length,
    medianFetchMs: fetched.length > 0 ? median(fetched.map((s) => s.fetchMs)) : undefined,
    pass: median(ms) <= FILTER_TARGET_MS,
  };
}

async function measureFilterLatency(context: BrowserContext, baseUrl: string): Promise<LatencySeries[]> {
  const page = await context.newPage();
  try {
    const listUrl = baseUrl + LIST_PATH;
    const filteredUrl = `${listUrl}?status=${FILTER_STATUS}`;
    await openPausedList(page, listUrl);
    const unfilteredShowing = (await page.locator("[data-testid=showing]").textContent()) ?? "";
    process.stdout.write(`  same page, alternating ${FILTER_STATUS} / clear: `);

    // 1. The protocol: one page, clicks alternate between filtering and clearing. After the two
    //    warm-up clicks both results are in the query cache, so these clicks render cached rows.
    const samePage: ClickSample[] = [];
    for (let i = 0; i < FILTER_ITERATIONS; i++) {
      await settle(page);
      samePage.push(await clickChip(page, i % 2 === 0 ? "filter" : "clear", unfilteredShowing));
      process.stdout.write(".");
    }

    // 2. The same clicks on a freshly loaded page each time: the target rows are never cached, so each
    //    click waits for its /api/migrations request (what a user sees on the first filter of a visit).
    process.stdout.write("\n  fresh page per click: ");
    const freshPage: ClickSample[] = [];
    for (let i = 0; i < FILTER_ITERATIONS; i++) {
      const action = i % 2 === 0 ? "filter" : "clear";
      await openPausedList(page, action === "filter" ? listUrl : filteredUrl);
      await settle(page);
      const sample = await clickChip(page, action, unfilteredShowing);
      if (sample.fetches === 0) throw new Error("a click on a fresh page did not fetch: the measurement is wrong");
      freshPage.push(sample);
      process.stdout.write(".");
    }
    process.stdout.write("\n");
    return [
      series("same page (issue protocol)", "alternate clicks on one page; rows from the query cache", samePage),
      series("fresh page per click", "target rows not cached: includes the /api/migrations request", freshPage),
    ];
  } finally {
    await page.close();
  }
}

function printFilterLatency(results: readonly LatencySeries[]): void {
  console.log(
    `\nFilter latency on ${LIST_PATH} (${VIEWPORT.width}×${VIEWPORT.height}, live refresh paused): chip click → ` +
      `new rows painted (2 rAF); ${FILTER_ITERATIONS} clicks, first ${FILTER_WARMUP} discarded; ` +
      `target median ≤ ${FILTER_TARGET_MS} ms`,
  );
  printTable(
    [
      "protocol",
      "clicks",
      "median ms",
      "p90 ms",
      "rows in DOM, median ms",
      "waited for fetch",
      "fetch median ms",
      "≤ 150 ms",
    ],
    results.map((r) => [
      r.name,
      String(r.samples.length),
      r.medianMs.toFixed(1),
      r.p90Ms.toFixed(1),
      r.medianDomMs.toFixed(1),
      `${r.fetched}/${r.samples.length}`,
      r.medianFetchMs === undefined ? "-" : r.medianFetchMs.toFixed(1),
      verdict(r.pass),
    ]),
  );
  for (const r of results) console.log(`${r.name}: ${r.description}.`);
}

// ---------------------------------------------------------------------------------------------------------
// Lighthouse

interface FailedAudit {
  id: string;
  title: string;
  /** Up to three offending elements (selector or HTML snippet), when the audit lists them. */
  nodes: string[];
}

interface LighthouseReport {
  version: string;
  /** Lighthouse's CPU speed figure for this machine during the run (lower: slower or busier). */
  benchmarkIndex: number;
  performance: number;
  accessibility: number;
  metrics: Array<{ id: string; value: string }>;
  failedAccessibilityAudits: FailedAudit[];
  warnings: string[];
  performancePass: boolean;
  accessibilityPass: boolean;
}

interface LaunchedChrome {
  pid: number;
  port: number;
  process: ChildProcess;
  kill: () => void;
}

function offendingNodes(details: unknown): string[] {
  if (typeof details !== "object" || details === null || !("items" in details) || !Array.isArray(details.items)) {
    return [];
  }
  const nodes: string[] = [];
  for (const item of details.items.slice(0, 3)) {
    const node: unknown = typeof item === "object" && item !== null && "node" in item ? item.node : undefined;
    if (typeof node !== "object" || node === null) continue;
    const selector = "selector" in node && typeof node.selector === "string" ? node.selector : undefined;
    const snippet = "snippet" in node && typeof node.snippet === "string" ? node.snippet : undefined;
    if (selector ?? snippet) nodes.push((selector ?? snippet ?? "").slice(0, 160));
  }
  return nodes;
}

let chrome: LaunchedChrome | undefined;

async function stopChrome(): Promise<void> {
  const running = chrome;
  chrome = undefined;
  if (!running || hasExited(running.process)) return;
  const exited = new Promise<void>((resolve) => running.process.once("exit", () => resolve()));
  running.kill(); // SIGKILL to its own process group (chrome-launcher starts it detached, as a group leader).
  await exited;
}

async function runLighthouse(url: string, cookie: string): Promise<LighthouseReport> {
  const { launch } = await import("chrome-launcher");
  const { default: lighthouse } = await import("lighthouse");
  const { default: desktopConfig } = await import("lighthouse/core/config/desktop-config.js");
  chrome = await launch({
    chromePath: CHROMIUM,
    chromeFlags: [...CHROMIUM_FLAGS, "--headless=new"],
    handleSIGINT: false, // Our own handler stops Chrome, the server and the browser together.
    logLevel: "error",
  });
  try {
    const result = await lighthouse(
      url,
      {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility"],
        extraHeaders: { Cookie: cookie },
      },
      desktopConfig,
    );
    if (!result) throw new Error("Lighthouse returned no result");
    const { lhr } = result;
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    if (new URL(lhr.finalDisplayedUrl).pathname !== LIST_PATH) {
      throw new Error(`Lighthouse ended on ${lhr.finalDisplayedUrl}, not ${LIST_PATH}: was the cookie sent?`);
    }
    const score = (id: string) => {
      const value = lhr.categories[id]?.score;
      if (typeof value !== "number") throw new Error(`Lighthouse gave no ${id} score`);
      return Math.round(value * 100);
    };
    const failed: FailedAudit[] = [];
    for (const ref of lhr.categories.accessibility?.auditRefs ?? []) {
      const audit = lhr.audits[ref.id];
      if (!audit || audit.score === null || audit.score >= 1) continue;
      if (audit.scoreDisplayMode !== "binary" && audit.scoreDisplayMode !== "numeric") continue;
      failed.push({ id: audit.id, title: audit.title, nodes: offendingNodes(audit.details) });
    }
    const performanceScore = score("performance");
    const accessibility = score("accessibility");
    return {
      version: lhr.lighthouseVersion,
      benchmarkIndex: lhr.environment.benchmarkIndex,
      performance: performanceScore,
      accessibility,
      metrics: LIGHTHOUSE_METRICS.map((id) => ({ id, value: lhr.audits[id]?.displayValue ?? "-" })),
      failedAccessibilityAudits: failed,
      warnings: lhr.runWarnings.map(String),
      performancePass: performanceScore >= PERFORMANCE_TARGET,
      accessibilityPass: accessibility >= ACCESSIBILITY_TARGET,
    };
  } finally {
    await stopChrome();
  }
}

function printLighthouse(report: LighthouseReport): void {
  console.log(`\nLighthouse ${report.version}, desktop config, ${LIST_PATH} (signed in)`);
  printTable(
    ["category", "score", "target", "result"],
    [
      ["performance", String(report.performance), `≥ ${PERFORMANCE_TARGET}`, verdict(report.performancePass)],
      ["accessibility", String(report.accessibility), `≥ ${ACCESSIBILITY_TARGET}`, verdict(report.accessibilityPass)],
    ],
  );
  console.log(report.metrics.map((m) => `${m.id}: ${m.value}`).join(" · "));
  console.log(`benchmarkIndex (CPU speed as Lighthouse saw it; lower = slower or busier): ${report.benchmarkIndex}`);
  if (report.failedAccessibilityAudits.length > 0) {
    console.log("Failed accessibility audits:");
    for (const audit of report.failedAccessibilityAudits) {
      console.log(`  ${audit.id}: ${audit.title}`);
      for (const node of audit.nodes) console.log(`      ${node}`);
    }
  }
  for (const warning of report.warnings) console.log(`Lighthouse warning: ${warning}`);
}

// ---------------------------------------------------------------------------------------------------------
// Main

function writeResults(results: object): string {
  const dir = path.join(ROOT, "bench", "results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `ui-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

let server: AppServer | undefined;
let dataDir: string | undefined;
let browser: Browser | undefined;

async function cleanUp(): Promise<void> {
  const openBrowser = browser;
  browser = undefined;
  if (openBrowser) await openBrowser.close().catch(() => undefined);
  await stopChrome();
  if (server) await stopProcess(server.child);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  server = undefined;
  dataDir = undefined;
}

async function main(): Promise<void> {
  ensureBuild(!process.argv.includes("--reuse-build"));
  dataDir = mkdtempSync(path.join(os.tmpdir(), "mc-bench-ui-"));
  const { baseUrl } = await launchServer(dataDir, {}, (launched) => {
    server = launched;
  });
  console.log(`\nServer on ${baseUrl} (embedded API, simulation off, fresh data folder).`);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [...CHROMIUM_FLAGS],
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
  });
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  const cookie = await signIn(context, baseUrl);
  console.log(`Signed in as ${DEMO.email}.`);

  const js = await measureFirstLoadJs(baseUrl, cookie);
  printFirstLoadJs(js);

  console.log("\nMeasuring filter latency…");
  const latency = await measureFilterLatency(context, baseUrl);
  printFilterLatency(latency);
  await browser.close();
  browser = undefined;

  console.log("\nRunning Lighthouse…");
  const lighthouseReport = await runLighthouse(baseUrl + LIST_PATH, cookie);
  printLighthouse(lighthouseReport);

  const summary = [
    ["first-load JS list / bare", `${js.listOverBare.toFixed(2)} ≤ ${JS_RATIO_TARGET}`, verdict(js.pass)],
    ...latency.map((r) => [
      `filter median, ${r.name}`,
      `${r.medianMs.toFixed(0)} ms ≤ ${FILTER_TARGET_MS} ms`,
      verdict(r.pass),
    ]),
    [
      "Lighthouse performance",
      `${lighthouseReport.performance} ≥ ${PERFORMANCE_TARGET}`,
      verdict(lighthouseReport.performancePass),
    ],
    [
      "Lighthouse accessibility",
      `${lighthouseReport.accessibility} ≥ ${ACCESSIBILITY_TARGET}`,
      verdict(lighthouseReport.accessibilityPass),
    ],
  ];
  console.log("\nSummary");
  printTable(["target", "measured", "result"], summary);

  const file = writeResults({
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` },
    config: {
      viewport: VIEWPORT,
      gzipLevel: GZIP_LEVEL,
      filter: { status: FILTER_STATUS, iterations: FILTER_ITERATIONS, warmup: FILTER_WARMUP },
    },
    targets: {
      jsListOverBare: JS_RATIO_TARGET,
      filterMedianMs: FILTER_TARGET_MS,
      performance: PERFORMANCE_TARGET,
      accessibility: ACCESSIBILITY_TARGET,
    },
    firstLoadJs: js,
    filterLatency: latency,
    lighthouse: lighthouseReport,
  });
  console.log(`\nResults written to ${path.relative(ROOT, file)}`);
}

runBenchmark(main, cleanUp, "stopping the server and browsers, removing the temporary data folder");
