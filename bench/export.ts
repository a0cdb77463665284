/**
 * Benchmark of the list's export: `npm run bench:export [-- --sizes 100000,1000000]`.
 *
 * Seeds the app's mirror with N migrations (100,000 by default) in a temporary data folder, starts
 * `next start` on it as a pure reader (SYNC_ENABLED=off: nothing else writes or reads meanwhile),
 * signs in, and downloads the unfiltered view as CSV and then as JSON through the BFF route, as a
 * browser would. It prints rows/s and MiB/s, and the server's resident memory sampled every 100 ms
 * during each download against the figure before it: a streamed export keeps the ratio near 1
 * whatever N (a buffered one grows with N). A third run reads the CSV slowly (a slow client) to show
 * that the server then reads the database slowly too instead of queueing rows.
 * It is a measurement, not a test: only errors (a wrong row count) exit non-zero.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import { openAppDatabase } from "@/lib/db/connection";
import { DEMO_ORGANIZATION, generateDemoMigrations } from "@/lib/embedded-api/demo-data";
import { FAILURE_REASONS } from "@/lib/embedded-api/failure-reasons";
import { signInOverHttp } from "./lib/http-session";
import { type AppServer, ensureBuild, launchServer, sleep, stopProcess } from "./lib/next-server";
import { machineLoad, serverProcess, statusKiB } from "./lib/process-stats";
import { printTable } from "./lib/report";
import { runBenchmark } from "./lib/run-benchmark";

const DEFAULT_SIZES = [100_000];
const SAMPLE_MS = 100;
/** The slow client: this many bytes per read, then a pause, for this long. */
const SLOW_READ_PAUSE_MS = 50;
const SLOW_READ_SECONDS = 5;

function parseSizes(argv: readonly string[]): number[] {
  const index = argv.findIndex((arg) => arg === "--sizes" || arg.startsWith("--sizes="));
  if (index < 0) {
    if (argv.length > 0) throw new Error(`unknown option ${argv[0]} (known: --sizes 100000,1000000)`);
    return DEFAULT_SIZES;
  }
  const raw = argv[index]?.includes("=") ? argv[index]?.split("=")[1] : argv[index + 1];
  const sizes = (raw ?? "").split(",").map(Number);
  if (sizes.length === 0 || sizes.some((size) => !Number.isSafeInteger(size) || size < 1000)) {
    throw new Error("--sizes takes whole numbers of at least 1000, e.g. --sizes 100000,1000000");
  }
  return sizes;
}

/**
 * The mirror as the sync would leave it, written straight into its tables (the schema made by the
 * app's own migrator): one prepared insert in one transaction, with the table's indexes dropped for
 * the load and made again after it (their exact SQL read back from sqlite_master: seven index
 * updates per random-id row would make 1,000,000 rows take minutes), then the counts the list reads.
 */
async function seedMirror(dataDir: string, size: number): Promise<void> {
  const file = path.join(dataDir, "app.sqlite");
  await (await openAppDatabase({ dialect: "sqlite", file })).close();
  const generated = generateDemoMigrations({
    migrations: size,
    companies: 40,
    users: 200,
    seed: 42,
    now: new Date(),
    days: 90,
    organizations: [{ name: DEMO_ORGANIZATION, weight: 1 }],
  });
  const db = new Database(file);
  try {
    db.pragma("synchronous = OFF");
    const insert = db.prepare(
      `INSERT INTO mirror_migrations (id, object, created_raw, status, created_by_user_id, company_id, created_us,
         first_seen_ms, last_seen_ms, status_since_ms, walk_generation, first_seen_source, error_message)
       VALUES (?, 'migration', ?, ?, ?, ?, ?, ?, ?, NULL, 1, 'sync', ?)`,
    );
    const nowMs = Date.now();
    const indexes = db
      .prepare(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'mirror_migrations' AND sql IS NOT NULL",
      )
      .all() as Array<{ name: string; sql: string }>;
    db.transaction(() => {
      for (const index of indexes) db.exec(`DROP INDEX "${index.name}"`);
      for (const [i, m] of generated.entries()) {
        const ms = Math.floor(m.createdUs / 1000);
        const raw = `${new Date(ms).toISOString().slice(0, 23)}${String(m.createdUs % 1000).padStart(3, "0")}`;
        // Reasons on the failed ones, some with commas and quotes, so the CSV quoting is exercised.
        const reason = m.status === "FAILED" ? (FAILURE_REASONS[i % FAILURE_REASONS.length] ?? null) : null;
        insert.run(m.id, raw, m.status, m.createdByUserId, m.companyId, m.createdUs, nowMs, nowMs, reason);
      }
      for (const index of indexes) db.exec(index.sql);
      db.exec(`INSERT INTO mirror_status_counts (status, count)
               SELECT status, COUNT(*) FROM mirror_migrations GROUP BY status`);
    })();
  } finally {
    db.close();
  }
}

interface Run {
  name: string;
  rows: number;
  bytes: number;
  seconds: number;
  rssBeforeMiB: number;
  rssPeakMiB: number;
}

function rssMiB(pid: number): number {
  return statusKiB(pid, "VmRSS") / 1024;
}

/** Downloads one export, counting rows (line ends outside quotes are rare enough: the seed has none inside). */
async function download(
  baseUrl: string,
  cookie: string,
  pid: number,
  name: string,
  query: string,
  slow = false,
): Promise<Run> {
  // The memory before, settled: after a collection-friendly pause.
  await sleep(1000);
  const rssBeforeMiB = rssMiB(pid);
  let rssPeakMiB = rssBeforeMiB;
  const sampler = setInterval(() => {
    rssPeakMiB = Math.max(rssPeakMiB, rssMiB(pid));
  }, SAMPLE_MS);
  const started = performance.now();
  const controller = new AbortController();
  try {
    const response = await fetch(`${baseUrl}/api/migrations/export?${query}`, {
      headers: { Cookie: cookie },
      signal: controller.signal,
    });
    if (response.status !== 200 || !response.body) throw new Error(`${name}: export answered ${response.status}`);
    let bytes = 0;
    let lineEnds = 0;
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      for (const byte of value) if (byte === 0x0a) lineEnds++;
      if (slow) {
        await sleep(SLOW_READ_PAUSE_MS);
        if (performance.now() - started > SLOW_READ_SECONDS * 1000) {
          controller.abort();
          break;
        }
      }
    }
    // CSV: a header line, then one per row; JSON: "[" and "]" on lines of their own around one record per line.
    const rows = query.includes("format=json") ? lineEnds - 2 : lineEnds - 1;
    return { name, rows, bytes, seconds: (performance.now() - started) / 1000, rssBeforeMiB, rssPeakMiB };
  } finally {
    clearInterval(sampler);
  }
}

async function measureSize(size: number, servers: AppServer[], dirs: string[]): Promise<Run[]> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "console-bench-export-"));
  dirs.push(dataDir);
  const seedStart = performance.now();
  await seedMirror(dataDir, size);
  console.log(
    `\n${size.toLocaleString("en-US")} migrations seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s.`,
  );

  const app = await launchServer(dataDir, { env: { SYNC_ENABLED: "off" } }, (server) => servers.push(server));
  try {
    const cookie = await signInOverHttp(app.baseUrl);
    const pid = serverProcess(app.child.pid as number).pid;
    // Warm-up: the route compiled, the database open, a small export done once.
    await download(app.baseUrl, cookie, pid, "warm-up", "format=csv&status=FAILED&tz=UTC");
    const runs = [
      // The first full export grows the heap to its working size once; the second shows the steady state.
      await download(app.baseUrl, cookie, pid, "CSV, all rows, first", "format=csv&tz=Europe/Paris"),
      await download(app.baseUrl, cookie, pid, "CSV, all rows, again", "format=csv&tz=Europe/Paris"),
      await download(app.baseUrl, cookie, pid, "JSON, all rows", "format=json&tz=Europe/Paris"),
      await download(app.baseUrl, cookie, pid, `CSV, slow client (${SLOW_READ_SECONDS} s)`, "format=csv&tz=UTC", true),
    ];
    for (const run of runs.slice(0, 3)) {
      if (run.rows !== size) throw new Error(`${run.name}: ${run.rows} rows exported, ${size} mirrored`);
    }
    return runs;
  } finally {
    await stopProcess(app.child);
  }
}

const servers: AppServer[] = [];
const dirs: string[] = [];

runBenchmark(
  async () => {
    const sizes = parseSizes(process.argv.slice(2));
    ensureBuild(false);
    console.log(`bench:export — sizes ${sizes.map((s) => s.toLocaleString("en-US")).join(", ")}; ${machineLoad()}`);
    const table: string[][] = [];
    for (const size of sizes) {
      for (const run of await measureSize(size, servers, dirs)) {
        table.push([
          `${size.toLocaleString("en-US")}: ${run.name}`,
          run.rows.toLocaleString("en-US"),
          (run.bytes / 2 ** 20).toFixed(1),
          run.seconds.toFixed(1),
          Math.round(run.rows / run.seconds).toLocaleString("en-US"),
          run.rssBeforeMiB.toFixed(0),
          run.rssPeakMiB.toFixed(0),
          (run.rssPeakMiB / run.rssBeforeMiB).toFixed(2),
        ]);
      }
    }
    console.log("");
    printTable(["export", "rows", "MiB", "s", "rows/s", "RSS before MiB", "RSS peak MiB", "peak/before"], table);
    console.log(`\n${machineLoad()}`);
  },
  async () => {
    for (const server of servers) await stopProcess(server.child);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  },
  "stopping the server and removing the data folders",
);
