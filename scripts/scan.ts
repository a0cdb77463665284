/**
 * `npm run scan [-- --only wapiti|sqlmap] [--keep]`: two vulnerability scanners against a production build.
 *
 * Builds when needed, starts `next start` on a free loopback port with a temporary data folder (embedded
 * API, demo data, no simulation), signs in as the demo account over HTTP, and runs Debian's wapiti (signed
 * in over the whole app, then signed out over the sign-in form; local-only modules) and sqlmap (every query
 * and path parameter of the embedded API and the BFF), both through a proxy that keeps them on the app
 * (see scan/scope-proxy.ts). It prints progress as it goes, then the findings per scanner and severity and
 * the wall time, stops the server, removes the data folder (`--keep` leaves it, with both scanners' reports
 * and logs), and exits 1 when a finding is medium or above and not on the allow-list below, or when a
 * scanner failed. Not part of `npm test`: it takes about ten minutes.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { signInOverHttp } from "../bench/lib/http-session";
import { type AppServer, ensureBuild, launchServer, sleep, stopProcess } from "../bench/lib/next-server";
import { printTable } from "../bench/lib/report";
import { runBenchmark } from "../bench/lib/run-benchmark";
import {
  type AllowedFinding,
  countBySeverity,
  describeFinding,
  FAILING_SEVERITY,
  type Finding,
  judge,
  type Scanner,
  SEVERITIES,
} from "./scan/findings";
import { elapsed, progress, stopCurrentTool } from "./scan/run-tool";
import { type ScopeProxy, startScopeProxy } from "./scan/scope-proxy";
import { runSqlmap, type SqlmapTarget } from "./scan/sqlmap";
import { ensureTools, TOOLS, toolVersion } from "./scan/tools";
import { runWapiti, WAPITI_MODULES, type WapitiInput } from "./scan/wapiti";

/**
 * Findings of medium severity or above that are known false positives. Each entry names one scanner,
 * category, method, route, form and message, and says why it is not a flaw; anything else fails the scan.
 * The forms are named by their exact fields, the sign-out one by its action id as this build renders it.
 */
export function allowList(app: { signOutActionId: string }): AllowedFinding[] {
  // Why neither Server Action form needs a token: Next.js runs a Server Action only when the request's
  // Origin is the app's own host (x-forwarded-host/host); a foreign Origin, or "null" (sandboxed frames,
  // cross-site redirects), gets a 500 and the action does not run. Browsers send Origin with every
  // cross-origin POST, form submissions included, so a page elsewhere cannot submit either form; a request
  // without Origin comes from a non-browser client, which holds no victim's cookies. The session cookie is
  // also SameSite=Lax: a cross-site POST would not carry it. crossOriginActionsRefused proves the Origin
  // check on every run; should it ever stop holding, the scan fails instead of trusting these entries.
  const serverActionsCheckOrigin =
    "Server Actions run only for a same-origin Origin header (Next.js refuses foreign and null ones); " +
    "browsers always send Origin on cross-site POSTs, and the session cookie is SameSite=Lax.";
  return [
    {
      // The header's sign-out form on every dashboard page: its only field is the action's id.
      scanner: "wapiti",
      category: "Cross Site Request Forgery",
      method: "POST",
      path: /\/migrations(\/[0-9a-f-]{36})?/,
      parameter: /(?:)/,
      fields: new RegExp(`\\$ACTION_ID_${app.signOutActionId}`),
      info: /Lack of anti CSRF token/,
      reason: `the sign-out form, a Server Action: ${serverActionsCheckOrigin}`,
    },
    {
      // The sign-in form (useActionState: the action's reference and key, the callback path, the credentials).
      scanner: "wapiti",
      category: "Cross Site Request Forgery",
      method: "POST",
      path: /\/signin/,
      parameter: /(?:)/,
      fields: /\$ACTION_REF_1,\$ACTION_1:0,\$ACTION_1:1,\$ACTION_KEY,callbackUrl,email,password/,
      info: /Lack of anti CSRF token/,
      reason: `the sign-in form, a Server Action: ${serverActionsCheckOrigin} (sign-in CSRF needs a cross-site POST too)`,
    },
  ];
}

const SESSION_COOKIE = "authjs.session-token";
const SYNC_WAIT_MS = 120_000;

interface Options {
  only: Scanner | undefined;
  keep: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { only: undefined, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] as string).split("=", 2) as [string, string | undefined];
    if (flag === "--keep") options.keep = true;
    else if (flag === "--only") {
      const value = inline ?? argv[++i];
      if (value !== "wapiti" && value !== "sqlmap") throw new Error("--only takes wapiti or sqlmap");
      options.only = value;
    } else throw new Error(`unknown option ${flag} (known: --only wapiti|sqlmap, --keep)`);
  }
  return options;
}

let server: AppServer | undefined;
let proxy: ScopeProxy | undefined;
let workDir: string | undefined;
let keepWorkDir = false;

async function cleanUp(): Promise<void> {
  await stopCurrentTool();
  await proxy?.close();
  proxy = undefined;
  if (server) await stopProcess(server.child);
  server = undefined;
  if (workDir && !keepWorkDir) rmSync(workDir, { recursive: true, force: true });
  else if (workDir) console.log(`Kept ${workDir} (reports and logs of both scanners, the server's data).`);
  workDir = undefined;
}

async function getJson(url: string, headers: Record<string, string>): Promise<unknown> {
  const response = await fetch(url, { headers, signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`GET ${url} → ${response.status}`);
  return response.json();
}

/** Until the mirror holds the demo data: the BFF's answers (and so sqlmap's comparisons) are stable then. */
async function waitForFirstSync(baseUrl: string): Promise<void> {
  const deadline = performance.now() + SYNC_WAIT_MS;
  while (performance.now() < deadline) {
    const health = (await getJson(`${baseUrl}/api/health`, {})) as {
      sync?: { partial?: boolean; completed_walks?: number };
    };
    if (health.sync?.partial === false && (health.sync.completed_walks ?? 0) >= 1) return;
    await sleep(1000);
  }
  throw new Error(`the first sync did not finish within ${SYNC_WAIT_MS / 1000} s`);
}

interface SampleMigration {
  id: string;
  company_id: string;
  created_by_user_id: string;
}

/** A COMPLETE migration with a company: real values for every filter, so a "true" query returns rows. */
async function sampleMigration(baseUrl: string, apiKey: string): Promise<SampleMigration> {
  const page = (await getJson(`${baseUrl}/api/v1/migrations?status=COMPLETE&page_size=100`, {
    authorization: `Bearer ${apiKey}`,
  })) as { data?: Array<{ id: string; company_id: string | null; created_by_user_id: string }> };
  const found = page.data?.find((migration) => migration.company_id !== null);
  if (!found?.company_id) throw new Error("no COMPLETE migration with a company in the demo data");
  return { id: found.id, company_id: found.company_id, created_by_user_id: found.created_by_user_id };
}

/**
 * The sign-out Server Action's id, from the form in the dashboard's header: the scope proxy holds back
 * requests that carry it, so that wapiti, which submits every form, stays signed in.
 */
async function signOutActionId(baseUrl: string, cookie: string): Promise<string> {
  const response = await fetch(`${baseUrl}/migrations`, { headers: { cookie }, signal: AbortSignal.timeout(30_000) });
  const html = await response.text();
  const match = /<form[^>]*>\s*<input type="hidden" name="\$ACTION_ID_([0-9a-f]+)"\s*\/>\s*<button[^>]*>Sign out</.exec(
    html,
  );
  if (!match?.[1]) {
    throw new Error(
      "the sign-out form was not found on /migrations: without its action id the scan would sign itself out " +
        "(update signOutActionId in scripts/scan.ts to the header's current markup)",
    );
  }
  return match[1];
}

async function sessionWorks(baseUrl: string, cookie: string): Promise<boolean> {
  const response = await fetch(`${baseUrl}/api/migrations?page_size=10`, {
    headers: { cookie },
    signal: AbortSignal.timeout(30_000),
  });
  await response.arrayBuffer();
  return response.status === 200;
}

/**
 * Posts the sign-out action as a page on another site would (a foreign Origin, and the "null" Origin of a
 * sandboxed frame or a cross-site redirect), with a session of its own: undefined when the session
 * survives both, else what went wrong.
 */
async function crossOriginActionsRefused(baseUrl: string, actionId: string): Promise<string | undefined> {
  const cookie = await signInOverHttp(baseUrl);
  for (const origin of ["http://scan.invalid", "null"]) {
    const form = new FormData();
    form.set(`$ACTION_ID_${actionId}`, "");
    const response = await fetch(`${baseUrl}/migrations`, {
      method: "POST",
      headers: { cookie, origin },
      body: form,
      redirect: "manual",
      signal: AbortSignal.timeout(30_000),
    });
    await response.arrayBuffer();
    if (!(await sessionWorks(baseUrl, cookie))) {
      return `the sign-out Server Action ran for Origin: ${origin} (answer ${response.status}): the CSRF allow-list entries no longer hold`;
    }
  }
  return undefined;
}

function printSummary(findings: readonly Finding[], scanners: readonly Scanner[]): void {
  console.log("\nFindings per scanner and severity (before the allow-list):");
  printTable(
    ["scanner", ...SEVERITIES],
    scanners.map((scanner) => {
      const counts = countBySeverity(findings.filter((finding) => finding.scanner === scanner));
      return [scanner, ...SEVERITIES.map((severity) => String(counts[severity]))];
    }),
  );
}

async function main(): Promise<void> {
  const started = performance.now();
  const options = parseOptions(process.argv.slice(2));
  keepWorkDir = options.keep;
  const scanners: Scanner[] = options.only ? [options.only] : ["wapiti", "sqlmap"];

  ensureTools();
  for (const tool of TOOLS) progress(`${tool.command}: ${toolVersion(tool.command, tool.versionArgs)}`);
  ensureBuild(false);

  workDir = mkdtempSync(path.join(os.tmpdir(), "mc-scan-"));
  const dataDir = path.join(workDir, "data");
  mkdirSync(dataDir);
  const app = await launchServer(
    dataDir,
    {
      // Loopback and the embedded demo organization: the demo account exists, as it does for `npm start`.
      env: {
        DATABASE_URL: undefined,
        MIGRATIONS_API_MAX_RPS: undefined,
        AUTH_DEMO_ACCOUNT: undefined,
        BIND_HOST: undefined,
      },
    },
    (launched) => {
      server = launched;
    },
  );
  const baseUrl = app.baseUrl;
  await waitForFirstSync(baseUrl);
  progress(`server at ${baseUrl} (pid ${app.child.pid}), demo data mirrored`);

  const apiKey = readFileSync(path.join(dataDir, "demo-api-key"), "utf8").trim();
  const sample = await sampleMigration(baseUrl, apiKey);
  const wapitiCookie = await signInOverHttp(baseUrl);
  const signOutId = await signOutActionId(baseUrl, wapitiCookie);
  proxy = await startScopeProxy({ appOrigin: baseUrl, signOutActionId: signOutId });
  const scopeProxy = proxy;
  // Requests the scanners sent, those the proxy answered itself included: a module attacking the sign-out
  // form for a minute is busy, not stalled.
  const requestsSoFar = () => scopeProxy.forwarded() + scopeProxy.signOutsHeld() + scopeProxy.refused().count;

  // Every session is opened now, before any scanner runs: the sign-in form pre-fills the demo account's
  // address, so wapiti's attacks on that form are failed sign-ins of the demo account, which the sign-in
  // throttle then locks for a while (open sessions are not affected; new sign-ins are).
  const sqlmapCookie = scanners.includes("sqlmap") ? await signInOverHttp(baseUrl) : undefined;
  // The CSRF entries of the allow-list stand on Next.js refusing cross-origin Server Actions: proven each
  // run, on the sign-out action with a session of its own (the check is Next's, the same for every action).
  const premise = scanners.includes("wapiti") ? await crossOriginActionsRefused(baseUrl, signOutId) : undefined;

  const filters = `status=COMPLETE&company_id=${sample.company_id}&created_by_user_id=${sample.created_by_user_id}`;
  const findings: Finding[] = [];
  const failures: string[] = premise ? [premise] : [];
  const notes: string[] = [];

  if (scanners.includes("wapiti")) {
    const passes: Array<Omit<WapitiInput, "baseUrl" | "proxyUrl" | "workDir" | "requestsSoFar">> = [
      {
        label: "signed in",
        scope: "folder",
        sessionCookie: { name: SESSION_COOKIE, value: wapitiCookie.slice(SESSION_COOKIE.length + 1) },
        apiKey,
        // Every route with every query parameter it reads: the crawler finds links in the HTML, and the
        // dashboard builds most of its URLs in the browser.
        startPaths: [
          "/",
          "/migrations",
          `/migrations?${filters}&page=1&page_size=25&sort=-created`,
          `/migrations/${sample.id}`,
          "/signin?callbackUrl=%2Fmigrations",
          `/api/migrations?page=1&page_size=10&${filters}&sort=-created`,
          `/api/migrations/${sample.id}`,
          `/api/v1/migrations?page=1&page_size=10&${filters}`,
          `/api/v1/migrations/${sample.id}`,
          "/api/v1/openapi.json",
          "/api/health",
          "/api/health/live",
        ],
        // blindsql sends 218 payloads per parameter, about 20 parameters here: some 3 minutes on two cores.
        crawlSeconds: 120,
        attackSeconds: 300,
      },
      {
        // Signed in, /signin redirects to the dashboard: its form, the one form anyone can reach, is only
        // seen signed out.
        label: "signed out",
        scope: "page",
        startPaths: ["/signin?callbackUrl=%2Fmigrations"],
        crawlSeconds: 30,
        attackSeconds: 120,
      },
    ];
    for (const pass of passes) {
      const outcome = await runWapiti({ ...pass, baseUrl, proxyUrl: scopeProxy.url, workDir, requestsSoFar });
      const name = `wapiti ${pass.label}`;
      findings.push(...outcome.findings);
      failures.push(...outcome.failures);
      if (outcome.crawlCutShort) notes.push(`${name}: the crawl stopped at its time budget`);
      if (outcome.modulesCutShort.length > 0) {
        notes.push(
          `${name}: modules stopped at their time budget (scanned in part): ${outcome.modulesCutShort.join(", ")}`,
        );
      }
      progress(`${name}: done, ${outcome.findings.length} findings, ${outcome.urlsFound ?? "?"} URLs and forms`);
    }
    // Checked, not assumed: a scan that lost its session has tested the sign-in page, not the app.
    if (!(await sessionWorks(baseUrl, wapitiCookie))) {
      failures.push("wapiti's session no longer works after the scan: it scanned signed out for part of the run");
    }
  }

  if (sqlmapCookie) {
    const bearer = { header: `Authorization: Bearer ${apiKey}` };
    const session = { cookie: sqlmapCookie };
    const targets: SqlmapTarget[] = [
      {
        name: "embedded API list",
        pathAndQuery: `/api/v1/migrations?page=1&page_size=10&${filters}`,
        parameters: ["page", "page_size", "status", "company_id", "created_by_user_id"],
        auth: bearer,
      },
      { name: "embedded API detail", pathAndQuery: `/api/v1/migrations/${sample.id}*`, parameters: [], auth: bearer },
      {
        name: "BFF list",
        pathAndQuery: `/api/migrations?page=1&page_size=10&${filters}&sort=-created`,
        parameters: ["page", "page_size", "status", "company_id", "created_by_user_id", "sort"],
        auth: session,
      },
      { name: "BFF detail", pathAndQuery: `/api/migrations/${sample.id}*`, parameters: [], auth: session },
    ];
    const outcome = await runSqlmap({ baseUrl, proxyUrl: scopeProxy.url, workDir, targets, requestsSoFar });
    findings.push(...outcome.findings);
    failures.push(...outcome.failures);
  }

  const refused = scopeProxy.refused();
  if (refused.count > 0) {
    notes.push(`the scope proxy refused ${refused.count} request(s) for other hosts: ${refused.sample.join(", ")}`);
  }
  const slow = scopeProxy.slow();
  if (slow.count > 0) {
    notes.push(`${slow.count} answer(s) took over 5 s:\n      ${slow.sample.join("\n      ")}`);
  }
  if (scopeProxy.signOutsHeld() > 0) {
    notes.push(
      `the scope proxy held back ${scopeProxy.signOutsHeld()} sign-out request(s) (wapiti submitting the form)`,
    );
  }

  const verdict = judge(findings, allowList({ signOutActionId: signOutId }));
  printSummary(findings, scanners);
  if (verdict.below.length > 0) {
    console.log(`\nBelow ${FAILING_SEVERITY} (reported, not failing):`);
    for (const finding of verdict.below) console.log(`  - ${describeFinding(finding)}`);
  }
  if (verdict.allowed.length > 0) {
    console.log("\nAllowed (known false positives, see allowList in scripts/scan.ts):");
    for (const { finding, entry } of verdict.allowed) {
      console.log(`  - ${describeFinding(finding)}\n      why: ${entry.reason}`);
    }
  }
  for (const entry of verdict.unusedEntries) {
    notes.push(
      `allow-list entry matched nothing this run: ${entry.scanner} "${entry.category}" ${entry.method} ${entry.path}`,
    );
  }
  if (notes.length > 0) {
    console.log("\nNotes:");
    for (const note of notes) console.log(`  - ${note}`);
  }
  if (verdict.failing.length > 0) {
    console.log("\nFAILING findings (medium or above, not allow-listed):");
    for (const finding of verdict.failing) console.log(`  - ${describeFinding(finding)}`);
  }
  if (failures.length > 0) {
    console.log("\nScanner failures:");
    for (const failure of failures) console.log(`  - ${failure}`);
  }
  const passed = verdict.failing.length === 0 && failures.length === 0;
  console.log(
    `\nnpm run scan: ${passed ? "PASSED" : "FAILED"} in ${elapsed(started)} (wapiti modules: ${WAPITI_MODULES.length}, ` +
      `${scopeProxy.forwarded().toLocaleString("en-US")} requests to the app).`,
  );
  if (!passed) process.exitCode = 1;
}

runBenchmark(main, cleanUp, "stopping the scanner and the server, removing the temporary data folder");
