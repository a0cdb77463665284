/**
 * From a webhook to the browser: `npm run bench:events [-- --events 50]`.
 *
 * Starts `next start` on a free loopback port with a temporary data folder (embedded API, demo data,
 * the simulator off, the sync's periodic reads slowed to ten minutes so that only the webhooks
 * change anything), signs a headless Chromium in and opens the list (100 rows). Then, one at a
 * time, it posts a signed `migration.failed` for a row still running and times how long until
 * that row's badge says FAILED in the page: the route, the mirror write, the change feed, the
 * server-sent event, the list's refetch and React's repaint. Target: p50 ≤ 300 ms.
 * (The route's throughput against a trivial route is `npm run bench:webhooks`, which the npm script
 * runs right after this one.) A measurement, not a test: only errors exit non-zero.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { type Browser, chromium, type Page } from "@playwright/test";
import { statusInfo } from "@/lib/migrations/status-catalogue";
import { signatureHeaders, testEvent } from "@/lib/webhooks/testing";
import { CHROMIUM_FLAGS, findChromium } from "../scripts/chromium.cjs";
import { signInOverHttp } from "./lib/http-session";
import { waitForCurrentMirror } from "./lib/mirror-health";
import { type AppServer, ensureBuild, launchServer, sleep, stopProcess } from "./lib/next-server";
import { percentile, printTable, verdict } from "./lib/report";
import { runBenchmark } from "./lib/run-benchmark";

const { values } = parseArgs({ options: { events: { type: "string", default: "50" } } });
const EVENTS = Number(values.events);
const TARGET_P50_MS = 300;
const TEN_MINUTES = "600000";

let server: AppServer | undefined;
let browser: Browser | undefined;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "bench-events-"));

declare global {
  interface Window {
    /** When (epoch ms, the page's clock) each row's badge first said FAILED. */
    __failedAt?: Record<string, number>;
  }
}

/** Records, in the page, the moment each row's badge turns FAILED (the browser's own clock, same machine). */
async function watchRepaints(page: Page): Promise<void> {
  // A string, not a function: tsx would wrap a function's inner names in a helper the page lacks.
  await page.evaluate(`(() => {
    window.__failedAt = {};
    const record = (badge) => {
      if (badge.getAttribute("data-status") !== "FAILED") return;
      const id = badge.closest('[data-testid="migration-row"]')?.getAttribute("data-id");
      if (id && !(id in window.__failedAt)) window.__failedAt[id] = Date.now();
    };
    new MutationObserver((mutations) => {
      for (const mutation of mutations) {
        if (!(mutation.target instanceof Element)) continue;
        if (mutation.target.matches('[data-testid="status-badge"]')) record(mutation.target);
        for (const badge of mutation.target.querySelectorAll('[data-testid="status-badge"]')) record(badge);
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-status"] });
  })()`);
}

/** Ids of the listed rows still running (not in a final status), top to bottom. */
async function runningRows(page: Page): Promise<string[]> {
  const rows = await page.getByTestId("migration-row").evaluateAll((elements) =>
    elements.map((row) => ({
      id: row.getAttribute("data-id") ?? "",
      status: row.querySelector('[data-testid="status-badge"]')?.getAttribute("data-status") ?? "",
    })),
  );
  return rows.filter((row) => row.id && !statusInfo(row.status).terminal).map((row) => row.id);
}

async function main(): Promise<void> {
  ensureBuild(false);
  server = await launchServer(
    dataDir,
    {
      env: {
        EMBEDDED_SIMULATION: "off",
        MIGRATIONS_API_MAX_RPS: "50",
        MIGRATIONS_WEBHOOK_SECRET: undefined,
        SYNC_HEAD_INTERVAL_MS: TEN_MINUTES,
        SYNC_RUNNING_INTERVAL_MS: TEN_MINUTES,
        SYNC_OLD_RUNNING_INTERVAL_MS: TEN_MINUTES,
      },
    },
    (started) => {
      server = started;
    },
  );
  const baseUrl = server.baseUrl;
  await waitForCurrentMirror(baseUrl);
  const secret = readFileSync(path.join(dataDir, "webhook-secret"), "utf8").trim();

  browser = await chromium.launch({
    executablePath: findChromium() ?? "/usr/bin/chromium",
    args: [...CHROMIUM_FLAGS],
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
  });
  const context = await browser.newContext();
  const cookie = await signInOverHttp(baseUrl);
  await context.addCookies(
    cookie.split("; ").map((pair) => {
      const eq = pair.indexOf("=");
      return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: baseUrl };
    }),
  );
  const page = await context.newPage();
  const latencies: number[] = [];
  let listPage = 1;
  let candidates: string[] = [];
  while (latencies.length < EVENTS) {
    if (candidates.length === 0) {
      await page.goto(`${baseUrl}/migrations?page_size=100${listPage > 1 ? `&page=${listPage}` : ""}`);
      await page.getByTestId("migration-row").first().waitFor();
      await page.locator('[data-testid="live-toggle"][data-streaming="true"]').waitFor({ timeout: 15_000 });
      await watchRepaints(page);
      candidates = await runningRows(page);
      listPage++;
      if (listPage > 20) throw new Error("not enough running migrations in the first 20 pages");
      continue;
    }
    const id = candidates.shift() as string;
    const body = JSON.stringify(testEvent("migration.failed", id, { errorMessage: "bench: mailbox over quota" }));
    const headers = { "content-type": "application/json", ...signatureHeaders(body, { secret }) };
    const sentAt = Date.now();
    const response = await fetch(`${baseUrl}/api/webhooks/migrations`, { method: "POST", body, headers });
    await response.arrayBuffer();
    if (response.status !== 202) throw new Error(`the webhook route answered ${response.status}`);
    const handle = await page.waitForFunction((rowId) => window.__failedAt?.[rowId], id, { timeout: 10_000 });
    latencies.push(Number(await handle.jsonValue()) - sentAt);
    // A moment apart: each event is timed on its own, not queued behind the previous one's refetch.
    await sleep(150);
  }

  const p50 = percentile(latencies, 50);
  console.log(
    `\nWebhook received → row repainted in the browser, ${EVENTS} events one at a time (load average ${os.loadavg()[0]?.toFixed(1)}, ${os.cpus().length} CPUs)\n`,
  );
  printTable(
    ["events", "p50", "p90", "max", `target p50 ≤ ${TARGET_P50_MS} ms`],
    [
      [
        String(latencies.length),
        `${p50.toFixed(0)} ms`,
        `${percentile(latencies, 90).toFixed(0)} ms`,
        `${Math.max(...latencies).toFixed(0)} ms`,
        verdict(p50 <= TARGET_P50_MS),
      ],
    ],
  );
}

runBenchmark(
  main,
  async () => {
    if (browser) await browser.close().catch(() => undefined);
    if (server) await stopProcess(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  },
  "closing the browser, stopping the server and removing the data folder",
);
