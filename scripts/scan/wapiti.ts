/**
 * One wapiti 3.0.4 pass against the running app. Signed in: the session cookie in wapiti's JSON cookie
 * file, the embedded API's key as an Authorization header on every request (so /api/v1 is attacked as a
 * client would call it), the whole loopback origin in scope, every page and API route as a start URL with
 * all its query parameters. Signed out: one page and its forms. Always only modules that call nothing but
 * the app, through the scope proxy.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { Finding } from "./findings";
import { elapsed, progress, type RunToolOptions, runTool, tail } from "./run-tool";
import { parseWapitiReport, wapitiFindings } from "./wapiti-report";

/**
 * Attack modules run, in wapiti's order. Left out, each for a reason:
 * - ssrf, xxe: their verdict comes from an external endpoint (wapiti3.ovh) that a vulnerable target calls
 *   and that wapiti then polls: an outbound call by design, and offline never a verdict.
 * - nikto: needs Nikto's database, which Debian does not ship and which wapiti would fetch from GitHub.
 * - wapp: technology fingerprinting with the Wappalyzer database, fetched from GitHub; finds no flaw.
 * - buster: brute-forces 31,545 path names; at a production server's pace on two shared cores that alone
 *   outlasts the whole scan, and the app serves files only from its routes and .next/static (leftover
 *   copies of the crawled pages are what `backup` looks for).
 * - brute_login_form: tries 26 passwords for 40 user names on the sign-in form; the sign-in throttle
 *   locks each account after a few tries, and the one password known beforehand (the demo's) is public.
 */
export const WAPITI_MODULES = [
  "backup",
  "blindsql",
  "cookieflags",
  "crlf",
  "csp",
  "csrf",
  "exec",
  "file",
  "htaccess",
  "http_headers",
  "methods",
  "permanentxss",
  "redirect",
  "shellshock",
  "sql",
  "xss",
] as const;

/**
 * Per request. Long enough that a slow answer on two busy cores is not taken for a time-based blind SQL
 * injection: blindsql's payloads sleep one second longer than this, and a timeout is its only evidence.
 */
const WAPITI_REQUEST_TIMEOUT_SECONDS = 15;
/** Past the budgets above, by this much, the run is stopped: wapiti checks its limits only between requests. */
const WAPITI_SLACK_MS = 10 * 60_000;

export interface WapitiInput {
  /** "signed in", "signed out": names the pass in progress lines and its folder. */
  label: string;
  baseUrl: string;
  proxyUrl: string;
  workDir: string;
  /** `folder` from the base URL (the whole app) or `page`: the first start path alone, with its forms. */
  scope: "folder" | "page";
  /** Absent: the pass runs signed out. */
  sessionCookie?: { name: string; value: string };
  /** Sent as a Bearer token on every request, so the embedded API answers. */
  apiKey?: string;
  startPaths: readonly string[];
  /** The crawl's budget (wapiti's --max-scan-time bounds the crawl only) and each attack module's. */
  crawlSeconds: number;
  attackSeconds: number;
  /** Requests forwarded so far, for the heartbeat. */
  requestsSoFar: () => number;
}

export interface WapitiOutcome {
  findings: Finding[];
  /** Reasons the run cannot be trusted: each fails the scan. */
  failures: string[];
  /** Modules stopped by their time budget: scanned in part. */
  modulesCutShort: string[];
  crawlCutShort: boolean;
  urlsFound: number | undefined;
}

/** Wapiti's cookie file: domain → path → name → attributes; an IP address is its own domain key. */
function cookieFile(baseUrl: string, cookie: { name: string; value: string }): string {
  const host = new URL(baseUrl).hostname;
  return JSON.stringify({
    [host]: { "/": { [cookie.name]: { value: cookie.value, expires: null, secure: false, port: null, version: 0 } } },
  });
}

export async function runWapiti(input: WapitiInput): Promise<WapitiOutcome> {
  const dir = path.join(input.workDir, `wapiti-${input.label.replace(/\W+/g, "-")}`);
  const name = `wapiti ${input.label}`;
  const configDir = path.join(dir, "config");
  mkdirSync(configDir, { recursive: true });
  // Wapiti builds every module, used or not, and the wapp module's constructor downloads its database
  // when the config folder has none: an empty one keeps it from trying (the module itself does not run).
  writeFileSync(path.join(configDir, "apps.json"), "{}");
  const cookiePath = path.join(dir, "cookies.json");
  if (input.sessionCookie) writeFileSync(cookiePath, cookieFile(input.baseUrl, input.sessionCookie));
  const reportPath = path.join(dir, "report.json");
  const base = `${input.baseUrl}/`;
  const target = input.scope === "folder" ? base : `${input.baseUrl}${input.startPaths[0] ?? "/"}`;

  const args = [
    ...["-u", target, "--scope", input.scope],
    ...["-m", WAPITI_MODULES.join(",")],
    ...(input.sessionCookie ? ["-c", cookiePath] : []),
    ...(input.apiKey ? ["-H", `Authorization: Bearer ${input.apiKey}`] : []),
    ...["-p", `${input.proxyUrl}/`],
    // Payloads that name an "external" server (remote file inclusion) name the app itself instead.
    ...["--endpoint", base],
    ...input.startPaths.flatMap((startPath) => ["-s", `${input.baseUrl}${startPath}`]),
    // No `-x`: Debian's wapiti 3.0.4 on Python 3.11 crashes on any exclusion pattern ("global flags not at
    // the start of the expression"). The one thing to keep it away from, signing out, the proxy holds back.
    // The list page links 25 migrations and every migration links its company's and user's lists: the
    // same three routes over and over. These limits keep a handful of each for the attacks. (Not `-S
    // polite`: it drops forms with many fields, the sign-in form among them.)
    ...["-d", "3", "--max-files-per-dir", "10", "--max-links-per-page", "40"],
    ...["--max-scan-time", String(input.crawlSeconds), "--max-attack-time", String(input.attackSeconds)],
    ...["-t", String(WAPITI_REQUEST_TIMEOUT_SECONDS)],
    ...["--store-session", path.join(dir, "session"), "--store-config", configDir],
    ...["-f", "json", "-o", reportPath],
    "--no-bugreport",
    ...["-v", "1"],
  ];

  let phase = "crawling";
  let phaseStarted = performance.now();
  let crawled = 0;
  let moduleIndex = 0;
  let urlsFound: number | undefined;
  let crawlCutShort = false;
  const modulesCutShort: string[] = [];
  const tracebacks: string[] = [];
  const onLine: RunToolOptions["onLine"] = (line) => {
    const trimmed = line.trim();
    if (phase === "crawling" && /^\[\+\] (GET|POST) /.test(trimmed)) crawled++;
    const found = /Wapiti found (\d+) URLs and forms/.exec(trimmed);
    if (found) {
      urlsFound = Number(found[1]);
      progress(`${name}: crawl done in ${elapsed(phaseStarted)}, ${urlsFound} URLs and forms to attack`);
    }
    if (/Max scan time was reached/.test(trimmed)) crawlCutShort = true;
    const launching = /\[\*\] Launching module (\w+)/.exec(trimmed);
    if (launching) {
      moduleIndex++;
      phase = `module ${launching[1]}`;
      phaseStarted = performance.now();
      progress(`${name}: module ${launching[1]} (${moduleIndex}/${WAPITI_MODULES.length})`);
    }
    const cut = /Max attack time was reached for module (\w+)/.exec(trimmed);
    if (cut?.[1]) modulesCutShort.push(cut[1]);
    if (/^Traceback|^\w+(Error|Exception) /.test(trimmed)) tracebacks.push(`${phase}: ${trimmed}`);
  };

  progress(`${name}: crawling ${target} (up to ${input.crawlSeconds} s), ${input.startPaths.length} start URL(s)`);
  const run = await runTool({
    command: "wapiti",
    args,
    logFile: path.join(dir, "wapiti.log"),
    timeoutMs: (input.crawlSeconds + WAPITI_MODULES.length * input.attackSeconds) * 1000 + WAPITI_SLACK_MS,
    onLine,
    heartbeat: (runningFor) =>
      `${name}: ${phase} for ${elapsed(phaseStarted)}${phase === "crawling" ? `, ${crawled} URLs so far` : ""} ` +
      `(wapiti running ${runningFor}, ${input.requestsSoFar().toLocaleString("en-US")} requests)`,
  });

  const failures: string[] = [];
  if (run.timedOut) failures.push(`${name} ran past its time limit and was stopped`);
  else if (run.exitCode !== 0) failures.push(`${name} exited with ${run.exitCode ?? run.signal}`);
  for (const traceback of tracebacks) failures.push(`${name} error (${traceback})`);
  let findings: Finding[] = [];
  try {
    findings = wapitiFindings(parseWapitiReport(JSON.parse(readFileSync(reportPath, "utf8"))));
  } catch (error) {
    failures.push(`${name} report unreadable: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (failures.length > 0) console.log(`wapiti's last output lines:\n${tail(run.output)}`);
  return { findings, failures, modulesCutShort, crawlCutShort, urlsFound };
}
