/**
 * Benchmark of the webhook route and loop: `npm run bench:webhooks [-- --events 2000] [--watch 60]`.
 *
 * Starts `next start` on a free loopback port with a temporary data folder (embedded API, demo data,
 * simulator on, its webhooks sent to the app itself with the secret generated in that folder), waits
 * for the first full read, then measures
 *  1. the receiver: N distinct signed events (for mirrored migrations) posted 10 at a time — answer
 *     latency and rate — and how long until all are applied; N unsigned posts (401) the same way;
 *  2. the loop: the simulator's own webhooks over `--watch` seconds — from the event's `created`
 *     to its arrival (queueing, signing, HTTP) and from its arrival to its application to the mirror,
 *     read from the app database (webhook_events).
 * A measurement, not a test: only errors exit non-zero.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { newSecret, signatureHeaders, testEvent } from "@/lib/webhooks/testing";
import { waitForCurrentMirror } from "./lib/mirror-health";
import { type AppServer, ensureBuild, launchServer, sleep, stopProcess } from "./lib/next-server";
import { percentile, printTable } from "./lib/report";
import { runBenchmark } from "./lib/run-benchmark";

const { values } = parseArgs({
  options: { events: { type: "string", default: "2000" }, watch: { type: "string", default: "60" } },
});
const EVENTS = Number(values.events);
const WATCH_S = Number(values.watch);
const CONCURRENCY = 10;
const TYPES = ["migration.created", "migration.started", "migration.completed", "migration.failed"] as const;

let server: AppServer | undefined;
const dataDir = mkdtempSync(path.join(os.tmpdir(), "bench-webhooks-"));

const ms = (value: number) => `${value.toFixed(1)} ms`;

/** Sends every request 10 at a time (a POST, or a GET when it has no body); each answer's latency, and the rate. */
async function post(
  url: string,
  deliveries: ReadonlyArray<{ body?: string; headers: Record<string, string> }>,
  expected: number,
): Promise<{ latencies: number[]; perSecond: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    for (let i = next++; i < deliveries.length; i = next++) {
      const delivery = deliveries[i] as { body?: string; headers: Record<string, string> };
      const t0 = performance.now();
      const response = await fetch(url, {
        method: delivery.body === undefined ? "GET" : "POST",
        body: delivery.body,
        headers: { "content-type": "application/json", ...delivery.headers },
      });
      await response.arrayBuffer();
      latencies.push(performance.now() - t0);
      if (response.status !== expected) throw new Error(`answered ${response.status}, expected ${expected}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { latencies, perSecond: deliveries.length / ((performance.now() - started) / 1000) };
}

async function main(): Promise<void> {
  ensureBuild(false);
  server = await launchServer(
    dataDir,
    { env: { EMBEDDED_SIMULATION: "on", MIGRATIONS_API_MAX_RPS: "50", MIGRATIONS_WEBHOOK_SECRET: undefined } },
    (started) => {
      server = started;
    },
  );
  await waitForCurrentMirror(server.baseUrl);
  const url = `${server.baseUrl}/api/webhooks/migrations`;
  const secret = readFileSync(path.join(dataDir, "webhook-secret"), "utf8").trim();
  const appDb = new Database(path.join(dataDir, "app.sqlite"), { readonly: true });
  const ids = (appDb.prepare("SELECT id FROM mirror_migrations LIMIT ?").all(EVENTS) as Array<{ id: string }>).map(
    (row) => row.id,
  );
  const signed = Array.from({ length: EVENTS }, (_, i) => {
    const body = JSON.stringify(
      testEvent(TYPES[i % TYPES.length] as string, ids[i % ids.length] as string, { errorMessage: "bench" }),
    );
    return { body, headers: signatureHeaders(body, { secret }) };
  });
  const unsigned = signed.map(({ body }) => ({ body, headers: signatureHeaders(body, { secret: newSecret() }) }));

  const ours = signed.map(({ body }) => (JSON.parse(body) as { id: string }).id);
  const processed = appDb.prepare("SELECT processed_ms FROM webhook_events WHERE event_id = ?");
  const pending = () =>
    ours.filter((id) => (processed.get(id) as { processed_ms: number | null } | undefined)?.processed_ms == null)
      .length;
  // The same harness on the app's most trivial route, in the same run: the machine's own pace.
  const baselineRun = await post(
    `${server.baseUrl}/api/health/live`,
    signed.map(() => ({ headers: {} })),
    200,
  );
  const refusedRun = await post(url, unsigned, 401);
  const find = appDb.prepare("SELECT 1 FROM webhook_events WHERE event_id = ?");
  if (signed.some(({ body }) => find.get((JSON.parse(body) as { id: string }).id))) {
    throw new Error("an unsigned delivery stored its event");
  }
  const t0 = performance.now();
  const acceptedRun = await post(url, signed, 202);
  const answeredMs = performance.now() - t0;
  while (pending() > 0) await sleep(20);
  const appliedMs = performance.now() - t0;

  const load = os.loadavg()[0]?.toFixed(1);
  console.log(`\nReceiver: ${EVENTS} requests each, ${CONCURRENCY} at a time, on loopback (load average ${load})\n`);
  printTable(
    ["requests", "answer", "per second", "p50", "p99", "max"],
    [
      [
        "GET /api/health/live (baseline)",
        "200",
        baselineRun.perSecond.toFixed(0),
        ...[50, 99, 100].map((p) => ms(percentile(baselineRun.latencies, p))),
      ],
      [
        "signed, new event",
        "202",
        acceptedRun.perSecond.toFixed(0),
        ...[50, 99, 100].map((p) => ms(percentile(acceptedRun.latencies, p))),
      ],
      [
        "another secret",
        "401",
        refusedRun.perSecond.toFixed(0),
        ...[50, 99, 100].map((p) => ms(percentile(refusedRun.latencies, p))),
      ],
    ],
  );
  console.log(
    `\nAll ${EVENTS} signed events answered within ${(answeredMs / 1000).toFixed(2)} s and applied to the mirror within ${(appliedMs / 1000).toFixed(2)} s.`,
  );

  // The loop: only the simulator's own events from here on.
  const since = Date.now();
  await sleep(WATCH_S * 1000);
  const loop = appDb
    .prepare(
      "SELECT type, outcome, event_ms, received_ms, processed_ms FROM webhook_events WHERE received_ms >= ? AND processed_ms IS NOT NULL",
    )
    .all(since) as Array<{
    type: string;
    outcome: string;
    event_ms: number;
    received_ms: number;
    processed_ms: number;
  }>;
  appDb.close();
  if (loop.length === 0) throw new Error(`no webhook from the simulator in ${WATCH_S} s`);
  const arrival = loop.map((row) => row.received_ms - row.event_ms);
  const applied = loop.map((row) => row.processed_ms - row.received_ms);
  const outcomes: Record<string, number> = {};
  for (const row of loop) outcomes[`${row.type} ${row.outcome}`] = (outcomes[`${row.type} ${row.outcome}`] ?? 0) + 1;
  console.log(`\nLoop: the simulator's webhooks over ${WATCH_S} s (${loop.length} events)\n`);
  printTable(
    ["stage", "p50", "p95", "max"],
    [
      ["change → received (queue, sign, HTTP)", ...[50, 95, 100].map((p) => ms(percentile(arrival, p)))],
      ["received → applied to the mirror", ...[50, 95, 100].map((p) => ms(percentile(applied, p)))],
    ],
  );
  console.log(
    `\n${Object.entries(outcomes)
      .map(([what, n]) => `${what}: ${n}`)
      .join(", ")}`,
  );
}

runBenchmark(
  main,
  async () => {
    if (server) await stopProcess(server.child);
    rmSync(dataDir, { recursive: true, force: true });
  },
  "stopping the server and removing the data folder",
);
