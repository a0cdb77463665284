import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { FAKE_UPSTREAM, ROOT_DIR, UPSTREAM_APP } from "./servers";

export interface SpawnedApp {
  baseURL: string;
  dataDir: string;
  /** Everything the server printed, for a failing test's message. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `next start` (the same build) on `port` with an empty data folder, syncing `apiBase` on
 * the fake upstream: a server whose mirror starts empty, for watching a first full read. It signs
 * in with the upstream server's local accounts file. The caller stops it (by its PID).
 */
export async function startApp(options: {
  name: string;
  port: number;
  apiBase: string;
  env?: Record<string, string>;
}): Promise<SpawnedApp> {
  const dataDir = path.join(ROOT_DIR, `.data-e2e-${options.name}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const child: ChildProcess = spawn(
    path.join(ROOT_DIR, "node_modules", ".bin", "next"),
    ["start", "-H", "127.0.0.1", "-p", String(options.port)],
    {
      cwd: ROOT_DIR,
      // Its own process group: stop() ends the server and anything it started, and nothing else.
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATA_DIR: dataDir,
        EMBEDDED_SIMULATION: "off",
        MIGRATIONS_API_URL: options.apiBase,
        MIGRATIONS_API_KEY: FAKE_UPSTREAM.key,
        AUTH_SECRET: "",
        AUTH_USERS_FILE: UPSTREAM_APP.usersFile,
        AUTH_OIDC_ISSUER: "",
        AUTH_OIDC_CLIENT_ID: "",
        AUTH_OIDC_CLIENT_SECRET: "",
        AUTH_OIDC_NAME: "",
        SYNC_ENABLED: "on",
        ...options.env,
      },
    },
  );
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    output += chunk.toString("utf8");
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const baseURL = `http://localhost:${options.port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid !== undefined) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // Already gone.
      }
      const timer = setTimeout(() => {
        if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
      }, 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the ${options.name} server exited early:\n${output}`);
    try {
      const response = await fetch(`${baseURL}/api/health/live`);
      if (response.ok) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the ${options.name} server did not start within 60 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { baseURL, dataDir, output: () => output, stop };
}
