/**
 * Benchmark of the alerts' cost to the mirror: `npm run bench:alerts [-- --size 100000] [--engine sqlite|postgres|both]`.
 *
 * In a temporary app database (a SQLite file, and a throw-away PostgreSQL cluster when Debian's
 * binaries are installed), for `size` mirrored migrations (a fifth FAILED, 1% running):
 *  1. the first full read's writes (recordObservedMigrations in walk batches of 3,200 rows) with the
 *     two indexes the alerts add to the mirror, against the same writes without them (the faster of
 *     two runs each, once in each order);
 *  2. one alert pass's rule reads (findAlertCandidates, all four rules, a 10-minute window holding 50
 *     status changes), median and p95 of 30, against a plain scan of the FAILED rows for comparison.
 * It is a measurement, not a test: only errors exit non-zero.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { ALERT_RULES } from "@/lib/alerts/rule-catalogue";
import { findAlertCandidates } from "@/lib/alerts/rules";
import { type AppDatabase, openAppDatabase } from "@/lib/db/connection";
import type { AppDialect } from "@/lib/db/dialect";
import type { Migration } from "@/lib/migrations/migration";
import { recordObservedMigrations } from "@/lib/mirror/record-observations";
import { findPostgresBin, type PostgresCluster, startPostgresCluster } from "@/scripts/postgres-cluster.mjs";
import { percentile, printTable } from "./lib/report";
import { runBenchmark } from "./lib/run-benchmark";

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const SIZE = Number(option("size") ?? 100_000);
const ENGINE = option("engine") ?? "both";
const BATCH = 3_200;
const NOW = Date.UTC(2026, 5, 1, 12);
const HOUR = 3_600_000;

const STATUSES = ["COMPLETE", "COMPLETE", "COMPLETE", "FAILED", "COMPLETE"];

function migrationAt(i: number): Migration {
  const createdMs = NOW - 90 * 24 * HOUR + i * 60_000;
  const iso = new Date(createdMs).toISOString();
  return {
    id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`,
    created: iso,
    createdRaw: `${iso.slice(0, 23)}000`,
    status: i % 100 === 0 ? "WORKING" : (STATUSES[i % STATUSES.length] ?? "COMPLETE"),
    createdByUserId: `user${i % 200}`,
    companyId: `company${i % 40}`,
  };
}

let tempDir: string | undefined;
let cluster: PostgresCluster | undefined;
const opened: AppDatabase[] = [];

async function freshDatabase(engine: AppDialect, name: string): Promise<AppDatabase> {
  let app: AppDatabase;
  if (engine === "sqlite") {
    tempDir ??= mkdtempSync(path.join(os.tmpdir(), "bench-alerts-"));
    app = await openAppDatabase({ dialect: "sqlite", file: path.join(tempDir, `${name}.sqlite`) });
  } else {
    cluster ??= await startPostgresCluster();
    const admin = await openAppDatabase({ dialect: "postgres", url: cluster.url });
    await sql`create database ${sql.id(name)}`.execute(admin.db);
    await admin.close();
    app = await openAppDatabase({ dialect: "postgres", url: cluster.url.replace(/\/postgres$/, `/${name}`) });
  }
  opened.push(app);
  return app;
}

/** Seconds to write SIZE rows as a first full read does, in walk batches. */
async function backfill(app: AppDatabase): Promise<number> {
  const started = performance.now();
  for (let first = 0; first < SIZE; first += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, SIZE - first) }, (_, k) => migrationAt(first + k));
    await recordObservedMigrations(app.db, batch, { source: "sync", nowMs: NOW - 2 * HOUR, walkGeneration: 1 });
  }
  return (performance.now() - started) / 1000;
}

async function timed(runs: number, run: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return { median: percentile(times, 50), p95: percentile(times, 95) };
}

async function measure(engine: AppDialect): Promise<string[][]> {
  const rows: string[][] = [];
  // Twice each, in both orders (the first write to a new file or database pays for warming up); the faster of two.
  const bare: number[] = [];
  const indexed: number[] = [];
  const latest: { withIndexes?: AppDatabase } = {};
  for (const round of [1, 2]) {
    const runWithout = async () => {
      const without = await freshDatabase(engine, `alerts_without_${round}_${Date.now()}`);
      await sql`drop index mirror_migrations_status_since`.execute(without.db);
      await sql`drop index mirror_migrations_first_seen`.execute(without.db);
      bare.push(await backfill(without));
    };
    const runWith = async () => {
      const db = await freshDatabase(engine, `alerts_with_${round}_${Date.now()}`);
      indexed.push(await backfill(db));
      latest.withIndexes = db;
    };
    // Each order once: neither variant always runs second, on a warmer machine.
    if (round === 1) {
      await runWithout();
      await runWith();
    } else {
      await runWith();
      await runWithout();
    }
  }
  const { withIndexes } = latest;
  if (!withIndexes) throw new Error("no database");
  const bareS = Math.min(...bare);
  const indexedS = Math.min(...indexed);
  rows.push([
    `${engine}: first full read of ${SIZE.toLocaleString("en-US")} rows (faster of 2)`,
    `${bareS.toFixed(2)} s`,
    `${indexedS.toFixed(2)} s`,
    `${(((indexedS - bareS) / bareS) * 100).toFixed(1)} %`,
  ]);

  // 50 status changes in the last ten minutes: the window of a pass.
  const changed = Array.from({ length: 50 }, (_, k) => ({ ...migrationAt(k * 997 + 1), status: "FAILED" }));
  await recordObservedMigrations(withIndexes.db, changed, { source: "sync", nowMs: NOW - 5 * 60_000 });
  const settings = { rules: [...ALERT_RULES], pendingUserInputHours: 24 };
  const window = { fromMs: NOW - 10 * 60_000, nowMs: NOW };
  const found = await findAlertCandidates(withIndexes.db, settings, window);
  const pass = await timed(30, () => findAlertCandidates(withIndexes.db, settings, window));
  const scan = await timed(30, () =>
    withIndexes.db
      .selectFrom("mirror_migrations")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("status", "=", "FAILED")
      .where(sql<number>`coalesce(status_since_ms, first_seen_ms)`, ">=", window.fromMs)
      .executeTakeFirst(),
  );
  rows.push([
    `${engine}: one alert pass (${found.length} found), median / p95`,
    "",
    `${pass.median.toFixed(2)} / ${pass.p95.toFixed(2)} ms`,
    "",
  ]);
  rows.push([`${engine}: for comparison, a scan of the FAILED rows`, "", `${scan.median.toFixed(2)} ms`, ""]);
  return rows;
}

async function main(): Promise<void> {
  const engines: AppDialect[] = ENGINE === "both" ? ["sqlite", "postgres"] : [ENGINE as AppDialect];
  const rows: string[][] = [];
  for (const engine of engines) {
    if (engine === "postgres" && !findPostgresBin()) {
      console.log("PostgreSQL is not installed: its measurements are skipped.");
      continue;
    }
    console.log(`measuring ${engine}…`);
    rows.push(...(await measure(engine)));
  }
  console.log("");
  printTable(["measurement", "without alert indexes", "with them", "difference"], rows);
}

runBenchmark(
  main,
  async () => {
    for (const app of opened.splice(0)) await app.close().catch(() => {});
    cluster?.stop();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  },
  "stopping and removing the temporary databases",
);
