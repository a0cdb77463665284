/**
 * Soak: `npm run soak [-- --minutes 10] [--viewers 50] [--poll-seconds 5]`.
 *
 * One production server on the embedded API with its simulator on (new migrations, status changes)
 * and the sync engine keeping the mirror current, in a temporary data folder. `--viewers` signed-in
 * viewers each poll the list (a page of the newest, a status filter or a deeper page, in turn) and the
 * detail of a migration from it, every `--poll-seconds`, for `--minutes`. Every minute it prints the
 * requests, errors, p50/p99 latency, the server's resident memory and V8 heap (read through the
 * inspector); at the end how resident memory moved after a two-minute warm-up: between two readings
 * taken after a forced full GC (the verdict), and the least-squares slope of one reading every 10 s.
 * It is a measurement, not a test: it exits non-zero only when something fails to run.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { MigrationListView } from "@/lib/migrations/views";
import { signInOverHttp } from "./lib/http-session";
import { forceFullGc, heapUsage, INSPECTABLE_NODE_ARGS } from "./lib/inspector";
import { type AppServer, ensureBuild, launchServer, sleep, stopProcess } from "./lib/next-server";
import { machineLoad, serverProcess, statusKiB } from "./lib/process-stats";
import { percentile, printTable } from "./lib/report";
import { runBenchmark } from "./lib/run-benchmark";

interface Options {
  minutes: number;
  viewers: number;
  pollSeconds: number;
}

const WARM_UP_MINUTES = 2;
const MEMORY_EVERY_MS = 10_000;
/** A slope below this (MiB per minute) counts as flat: 10 minutes of it is under 5 MiB. */
const FLAT_SLOPE_MIB_PER_MIN = 0.5;
const REQUEST_TIMEOUT_MS = 30_000;

function parseOptions(argv: readonly string[]): Options {
  const options: Options = { minutes: 10, viewers: 50, pollSeconds: 5 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = (argv[i] as string).split("=", 2) as [string, string | undefined];
    const value = Number(inline ?? argv[++i]);
    if (!(value > 0) || !Number.isFinite(value)) throw new Error(`${flag} takes a positive number`);
    if (flag === "--minutes") options.minutes = value;
    else if (flag === "--viewers") options.viewers = Math.round(value);
    else if (flag === "--poll-seconds") options.pollSeconds = value;
    else throw new Error(`unknown option ${flag} (known: --minutes, --viewers, --poll-seconds)`);
  }
  if (options.minutes <= WARM_UP_MINUTES)
    throw new Error(`--minutes must be more than the ${WARM_UP_MINUTES}-minute warm-up`);
  return options;
}

const fmt = (value: number, digits = 0) =>
  value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** One minute's requests. */
interface MinuteStats {
  requests: number;
  errors: number;
  latenciesMs: number[];
  errorKinds: Map<string, number>;
}

function newMinute(): MinuteStats {
  return { requests: 0, errors: 0, latenciesMs: [], errorKinds: new Map() };
}

let server: AppServer | undefined;
let dataDir: string | undefined;

async function cleanUp(): Promise<void> {
  if (server) await stopProcess(server.child);
  server = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = undefined;
}

/** Least-squares slope of y over x. */
function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  ensureBuild(false);
  dataDir = mkdtempSync(path.join(os.tmpdir(), "mc-soak-"));
  console.log(
    `soak — ${options.minutes} min, ${options.viewers} viewers polling list + detail every ${options.pollSeconds} s, ` +
      `embedded API with the simulator on; ${os.cpus().length} CPUs, Node ${process.version}, ${machineLoad()}`,
  );
  const app = await launchServer(
    dataDir,
    {
      nodeArgs: INSPECTABLE_NODE_ARGS,
      env: { EMBEDDED_SIMULATION: "on", DATABASE_URL: undefined, MIGRATIONS_API_MAX_RPS: undefined },
    },
    (launched) => {
      server = launched;
    },
  );
  const pid = serverProcess(app.child.pid as number).pid;
  const cookie = await signInOverHttp(app.baseUrl);
  console.log(`server pid ${pid} at ${app.baseUrl}, signed in as the demo account`);

  const started = performance.now();
  const endAt = started + options.minutes * 60_000;
  const minutes: MinuteStats[] = [];
  const minuteOf = (at: number) => Math.floor((at - started) / 60_000);
  const statsAt = (at: number) => {
    const index = Math.min(minuteOf(at), options.minutes - 1);
    minutes[index] ??= newMinute();
    return minutes[index] as MinuteStats;
  };

  async function timedGet(url: string): Promise<unknown> {
    const begin = performance.now();
    const stats = statsAt(begin);
    stats.requests++;
    try {
      const response = await fetch(url, { headers: { cookie }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const body: unknown = await response.json().catch(() => undefined);
      stats.latenciesMs.push(performance.now() - begin);
      if (!response.ok) {
        stats.errors++;
        const kind = `HTTP ${response.status}`;
        stats.errorKinds.set(kind, (stats.errorKinds.get(kind) ?? 0) + 1);
        return undefined;
      }
      return body;
    } catch (error) {
      stats.latenciesMs.push(performance.now() - begin);
      stats.errors++;
      const kind = error instanceof Error ? error.name : "error";
      stats.errorKinds.set(kind, (stats.errorKinds.get(kind) ?? 0) + 1);
      return undefined;
    }
  }

  const LIST_QUERIES = ["page=1&page_size=25", "status=FAILED&page_size=25", "page=3&page_size=50", "page=1"];
  async function viewer(index: number): Promise<void> {
    // Spread the viewers over the poll period, as people arriving at different moments would be.
    await sleep((index / options.viewers) * options.pollSeconds * 1000);
    let round = index;
    while (performance.now() < endAt) {
      const next = performance.now() + options.pollSeconds * 1000;
      const query = LIST_QUERIES[round % LIST_QUERIES.length] as string;
      const list = (await timedGet(`${app.baseUrl}/api/migrations?${query}`)) as MigrationListView | undefined;
      const pick = list?.data[round % Math.max(1, list.data.length)];
      if (pick) await timedGet(`${app.baseUrl}/api/migrations/${pick.id}`);
      round++;
      await sleep(Math.max(0, next - performance.now()));
    }
  }

  const memory: Array<{ atMin: number; rssMiB: number }> = [];
  const perMinute: Array<{ rssMiB: number; heapUsedMiB: number; heapTotalMiB: number }> = [];
  let gcAfterWarmUp: number | undefined;
  async function watchMemory(): Promise<void> {
    let nextMinute = 1;
    while (performance.now() < endAt) {
      await sleep(MEMORY_EVERY_MS);
      const atMin = (performance.now() - started) / 60_000;
      if (gcAfterWarmUp === undefined && atMin >= WARM_UP_MINUTES) {
        // The slope starts from a collected heap, not from wherever the collector left it.
        await forceFullGc(app);
        gcAfterWarmUp = statusKiB(pid, "VmRSS") / 1024;
      }
      const rssMiB = statusKiB(pid, "VmRSS") / 1024;
      memory.push({ atMin, rssMiB });
      if (atMin >= nextMinute && nextMinute <= options.minutes) {
        const heap = await heapUsage(app);
        perMinute[nextMinute - 1] = {
          rssMiB,
          heapUsedMiB: heap.usedSize / 2 ** 20,
          heapTotalMiB: heap.totalSize / 2 ** 20,
        };
        const stats = minutes[nextMinute - 1] ?? newMinute();
        console.log(
          `  minute ${nextMinute}: ${fmt(stats.requests)} requests, ${stats.errors} errors, ` +
            `p50 ${stats.latenciesMs.length ? fmt(percentile(stats.latenciesMs, 50), 1) : "-"} ms, ` +
            `p99 ${stats.latenciesMs.length ? fmt(percentile(stats.latenciesMs, 99), 1) : "-"} ms, ` +
            `RSS ${fmt(rssMiB)} MiB, heap ${fmt(heap.usedSize / 2 ** 20)}/${fmt(heap.totalSize / 2 ** 20)} MiB ` +
            `[${machineLoad()}]`,
        );
        nextMinute++;
      }
    }
  }

  await Promise.all([...Array.from({ length: options.viewers }, (_, i) => viewer(i)), watchMemory()]);
  await forceFullGc(app);
  await sleep(2_000);
  const rssEndAfterGc = statusKiB(pid, "VmRSS") / 1024;
  const heapEnd = await heapUsage(app);

  console.log("\nPer minute:");
  printTable(
    ["minute", "requests", "errors", "p50 ms", "p99 ms", "RSS MiB", "heap used MiB", "heap total MiB"],
    minutes.map((stats, i) => [
      String(i + 1),
      fmt(stats.requests),
      fmt(stats.errors),
      stats.latenciesMs.length ? fmt(percentile(stats.latenciesMs, 50), 1) : "-",
      stats.latenciesMs.length ? fmt(percentile(stats.latenciesMs, 99), 1) : "-",
      perMinute[i] ? fmt(perMinute[i].rssMiB) : "-",
      perMinute[i] ? fmt(perMinute[i].heapUsedMiB) : "-",
      perMinute[i] ? fmt(perMinute[i].heapTotalMiB) : "-",
    ]),
  );
  const all = minutes.flatMap((stats) => stats.latenciesMs);
  const totalRequests = minutes.reduce((sum, stats) => sum + stats.requests, 0);
  const totalErrors = minutes.reduce((sum, stats) => sum + stats.errors, 0);
  const kinds = new Map<string, number>();
  for (const stats of minutes) for (const [kind, n] of stats.errorKinds) kinds.set(kind, (kinds.get(kind) ?? 0) + n);
  const afterWarmUp = memory.filter((point) => point.atMin >= WARM_UP_MINUTES);
  const rssSlope = slope(afterWarmUp.map((point) => [point.atMin, point.rssMiB] as const));
  console.log(
    `\nTotal: ${fmt(totalRequests)} requests, ${totalErrors} errors` +
      (kinds.size ? ` (${[...kinds].map(([kind, n]) => `${kind}: ${n}`).join(", ")})` : "") +
      `, p50 ${fmt(percentile(all, 50), 1)} ms, p99 ${fmt(percentile(all, 99), 1)} ms.`,
  );
  // The readings in between rise and fall with the collector; the two taken after a full GC are the
  // footprint itself, and their difference per minute is the verdict's slope.
  const collectedSlope =
    gcAfterWarmUp === undefined ? undefined : (rssEndAfterGc - gcAfterWarmUp) / (options.minutes - WARM_UP_MINUTES);
  console.log(
    `Resident memory after a full GC: ${gcAfterWarmUp === undefined ? "?" : fmt(gcAfterWarmUp)} MiB at ${WARM_UP_MINUTES} min, ` +
      `${fmt(rssEndAfterGc)} MiB at the end (heap used ${fmt(heapEnd.usedSize / 2 ** 20)} MiB): ` +
      `${collectedSlope === undefined ? "?" : fmt(collectedSlope, 2)} MiB/min ` +
      `(flat: ≤ ${FLAT_SLOPE_MIB_PER_MIN}) ${collectedSlope !== undefined && collectedSlope <= FLAT_SLOPE_MIB_PER_MIN ? "FLAT" : "GROWING"}. ` +
      `Least-squares slope of the ${afterWarmUp.length} readings between (collector's sawtooth included): ${fmt(rssSlope, 2)} MiB/min.`,
  );
}

runBenchmark(main, cleanUp, "stopping the server and removing the temporary data folder");
