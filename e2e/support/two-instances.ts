import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { signatureHeaders, type TestEvent } from "../../lib/webhooks/testing";
import { findPostgresBin, type PostgresCluster, startPostgresCluster } from "../../scripts/postgres-cluster.mjs";
import { PAIR, ROOT_DIR } from "./servers";

/** Each instance's own request budget: one syncing instance can never send more than this per second. */
export const PAIR_MAX_RPS = 5;

/** What the test reads from GET /api/health (lib/bff/health.ts). */
export interface Health {
  upstream: { requests_sent: number };
  sync: { leader_active: boolean; synced_at: string | null; state: string };
}

export interface Instance {
  name: string;
  baseURL: string;
  /** The `next start` process itself: it serves in-process, and its PID is part of its lease holder id. */
  pid: number;
  logFile: string;
  running(): boolean;
  /** SIGTERM (or the given signal), then SIGKILL if it has not exited within 10 s. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Why the test cannot run here, or undefined when it can. */
export function postgresUnavailableReason(): string | undefined {
  return findPostgresBin()
    ? undefined
    : "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb); apt-get install postgresql to run it";
}

/** Settings both instances share: one app database, one secret, one embedded API data folder. */
/** The provider's webhook secret both instances accept (a fixed test one, Svix's form). */
export const PAIR_WEBHOOK_SECRET = "whsec_dHdvLWluc3RhbmNlcy13ZWJob29rLXNlY3JldA==";

function sharedEnv(databaseUrl: string): Record<string, string> {
  return {
    NODE_ENV: "production",
    DATABASE_URL: databaseUrl,
    DATA_DIR: PAIR.dataDir,
    // Both must accept the same session cookie.
    AUTH_SECRET: "two-instances-e2e-secret-0123456789abcdef0123456789",
    AUTH_USERS_FILE: path.join(PAIR.dataDir, "users.json"),
    AUTH_OIDC_ISSUER: "",
    AUTH_OIDC_CLIENT_ID: "",
    AUTH_OIDC_CLIENT_SECRET: "",
    AUTH_OIDC_NAME: "",
    AUTH_ALLOWED_EMAIL_DOMAINS: "",
    // Embedded mode with the demo key the first instance writes into DATA_DIR.
    MIGRATIONS_API_URL: "",
    MIGRATIONS_API_KEY: "",
    EMBEDDED_SIMULATION: "off",
    MIGRATIONS_WEBHOOK_SECRET: PAIR_WEBHOOK_SECRET,
    SYNC_ENABLED: "on",
    MIGRATIONS_API_MAX_RPS: String(PAIR_MAX_RPS),
    // A dead leader's lease runs out within 3 s; the other instance looks every 750 ms.
    SYNC_LEASE_MS: "3000",
    // A steady, visible request rate from whichever instance syncs.
    SYNC_HEAD_INTERVAL_MS: "1000",
    SYNC_RUNNING_INTERVAL_MS: "2000",
  };
}

/** Node's fetch may try ::1 first for localhost; the servers listen on 127.0.0.1 only. */
function loopback(instance: Instance): string {
  return `http://127.0.0.1:${new URL(instance.baseURL).port}`;
}

async function waitUntilLive(instance: Instance, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const url = `${loopback(instance)}/api/health/live`;
  while (Date.now() < deadline) {
    if (!instance.running()) throw new Error(`instance ${instance.name} exited:\n${logTail(instance)}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`instance ${instance.name} was not live within ${timeoutMs} ms:\n${logTail(instance)}`);
}

export function logTail(instance: Instance, lines = 40): string {
  if (!existsSync(instance.logFile)) return "(no log)";
  return readFileSync(instance.logFile, "utf8").split("\n").slice(-lines).join("\n");
}

function spawnInstance(name: string, server: { port: number; baseURL: string }, databaseUrl: string): Instance {
  const logFile = path.join(PAIR.dataDir, `instance-${name}.log`);
  const log = openSync(logFile, "w");
  const child: ChildProcess = spawn(
    path.join(ROOT_DIR, "node_modules", ".bin", "next"),
    ["start", "-H", "127.0.0.1", "-p", String(server.port)],
    { cwd: ROOT_DIR, env: { ...process.env, ...sharedEnv(databaseUrl) }, stdio: ["ignore", log, log] },
  );
  closeSync(log);
  if (child.pid === undefined) throw new Error(`instance ${name} could not be started`);
  const pid = child.pid;
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    const done = () => {
      exited = true;
      resolve();
    };
    child.once("exit", done);
    child.once("error", done);
  });
  return {
    name,
    baseURL: server.baseURL,
    pid,
    logFile,
    running: () => !exited,
    async stop(signal = "SIGTERM") {
      if (exited) return;
      process.kill(pid, signal);
      const timer = setTimeout(() => {
        if (!exited) process.kill(pid, "SIGKILL");
      }, 10_000);
      await exit;
      clearTimeout(timer);
    },
  };
}

export interface TwoInstances {
  a: Instance;
  b: Instance;
  cluster: PostgresCluster;
  /** The PID in the sync lease's holder id (hostname:pid:random), or undefined while nobody holds it. */
  leaseHolderPid(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/**
 * A fresh PostgreSQL cluster, then instance A and, once A is live (it seeds the embedded API and
 * writes the demo key on start), instance B on the same data folder and database.
 */
export async function startTwoInstances(): Promise<TwoInstances> {
  rmSync(PAIR.dataDir, { recursive: true, force: true });
  mkdirSync(PAIR.dataDir, { recursive: true, mode: 0o700 });
  const cluster = await startPostgresCluster();
  const pool = new pg.Pool({ connectionString: cluster.url, max: 1 });
  const instances: Instance[] = [];
  const stop = async () => {
    await Promise.all(instances.map((instance) => instance.stop()));
    await pool.end();
    cluster.stop();
  };
  try {
    const a = spawnInstance("a", PAIR.a, cluster.url);
    instances.push(a);
    await waitUntilLive(a, 60_000);
    const b = spawnInstance("b", PAIR.b, cluster.url);
    instances.push(b);
    await waitUntilLive(b, 60_000);
    // The first render of a route loads its code: done here for both at once, not in the timed steps.
    await Promise.all([a, b].map((instance) => fetch(`${loopback(instance)}/signin`).then((r) => r.arrayBuffer())));
    return {
      a,
      b,
      cluster,
      async leaseHolderPid() {
        const { rows } = await pool.query<{ holder: string; expires_ms: string }>(
          "SELECT holder, expires_ms FROM leases WHERE name = 'sync'",
        );
        const row = rows[0];
        if (!row?.holder || Number(row.expires_ms) < Date.now()) return undefined;
        return Number(row.holder.split(":").at(-2));
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export async function health(instance: Instance): Promise<Health> {
  const response = await fetch(`${loopback(instance)}/api/health`);
  if (!response.ok) throw new Error(`instance ${instance.name} health: HTTP ${response.status}`);
  return (await response.json()) as Health;
}

/**
 * Changes a migration's status in the embedded Migrations API both instances serve (its SQLite file
 * in the shared data folder), as the provider would: the syncing instance reads it from there.
 */
export function setEmbeddedStatus(id: string, status: string): void {
  const db = new Database(path.join(PAIR.dataDir, "migrations-api.sqlite"));
  try {
    db.pragma("busy_timeout = 5000");
    const changed = db
      .prepare("UPDATE migrations SET status = ?, updated_us = ? WHERE id = ?")
      .run(status, Date.now() * 1000, id);
    if (changed.changes !== 1) throw new Error(`no migration ${id} in the embedded API`);
  } finally {
    db.close();
  }
}

/** Delivers a provider event to one instance's webhook route, signed as Svix would; its HTTP status. */
export async function deliverWebhook(instance: Instance, event: TestEvent): Promise<number> {
  const body = JSON.stringify(event);
  const response = await fetch(`${loopback(instance)}/api/webhooks/migrations`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...signatureHeaders(body, { secret: PAIR_WEBHOOK_SECRET }) },
    body,
  });
  await response.arrayBuffer();
  return response.status;
}
