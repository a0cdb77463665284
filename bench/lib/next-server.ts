/**
 * The app server for a benchmark: `next start` on a free loopback port with its own data folder, started
 * as `node_modules/.bin/next` itself (not npx) so that stopping its PID leaves no orphan `next-server`.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");

const SERVER_START_TIMEOUT_MS = 60_000;
const SERVER_STOP_GRACE_MS = 5000;

/** A port the OS says is free now: uncommon, so it does not clash with other servers on this machine. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/** Builds the app (`force`: always, else only when stale); throws when `next build` fails. */
export function ensureBuild(force: boolean): void {
  const args = [path.join(ROOT, "scripts", "ensure-build.mjs"), ...(force ? ["--force"] : [])];
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error(`ensure-build failed (exit ${result.status ?? result.signal})`);
}

export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A running server: its process, its URL, and its last output lines (shown when it fails). */
export interface AppServer {
  child: ChildProcess;
  baseUrl: string;
  output: string[];
}

/** Keeps the server's last output lines, to show them when it fails to start or dies. */
function recordOutput(child: ChildProcess, lines: string[]): void {
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 40));
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
}

export interface StartOptions {
  /** Applied last, over the defaults below: a value sets a variable, `undefined` removes it. */
  env?: Record<string, string | undefined>;
  /**
   * Flags for node itself (e.g. --cpu-prof, which NODE_OPTIONS refuses): then node runs next's CLI script
   * directly, still one process whose PID stopProcess stops.
   */
  nodeArgs?: string[];
}

/** Starts `next start` with the embedded API as data source and the simulation off. */
export function startServer(dataDir: string, port: number, options: StartOptions = {}): AppServer {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    EMBEDDED_SIMULATION: "off",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
  };
  // The embedded API must be the data source, with its filter extension (status=).
  delete env.EMBEDDED_API_STRICT;
  delete env.MIGRATIONS_API_URL;
  delete env.MIGRATIONS_API_KEY;
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const args = ["start", "-H", "127.0.0.1", "-p", String(port)];
  const [command, commandArgs] = options.nodeArgs
    ? [process.execPath, [...options.nodeArgs, path.join(ROOT, "node_modules", "next", "dist", "bin", "next"), ...args]]
    : [path.join(ROOT, "node_modules", ".bin", "next"), args];
  const child = spawn(command, commandArgs, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  const output: string[] = [];
  recordOutput(child, output);
  return { child, baseUrl: `http://127.0.0.1:${port}`, output };
}

export async function waitUntilLive(server: AppServer): Promise<void> {
  const deadline = Date.now() + SERVER_START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (hasExited(server.child)) {
      throw new Error(`next start exited early (code ${server.child.exitCode ?? server.child.signalCode})`);
    }
    try {
      const response = await fetch(`${server.baseUrl}/api/health/live`, { signal: AbortSignal.timeout(2000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  throw new Error(`the server did not answer /api/health/live within ${SERVER_START_TIMEOUT_MS / 1000} s`);
}

/**
 * Starts a server on a free port and waits until it answers. `track` receives it before the wait, so
 * the caller's clean-up stops it even when it never comes up; when it does not, its last output is
 * printed before the error is thrown on.
 */
export async function launchServer(
  dataDir: string,
  options: StartOptions = {},
  track: (server: AppServer) => void = () => {},
): Promise<AppServer> {
  const started = startServer(dataDir, await freePort(), options);
  track(started);
  try {
    await waitUntilLive(started);
  } catch (error) {
    console.error(`Server output:\n${started.output.join("\n")}`);
    throw error;
  }
  return started;
}

/** Stops a child by its own PID: SIGTERM, then SIGKILL when it has not exited after a grace period. */
export async function stopProcess(child: ChildProcess): Promise<void> {
  if (hasExited(child)) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = sleep(SERVER_STOP_GRACE_MS).then(() => "timeout" as const);
  if ((await Promise.race([exited.then(() => "exited" as const), timer])) === "timeout") {
    child.kill("SIGKILL");
    await exited;
  }
}
