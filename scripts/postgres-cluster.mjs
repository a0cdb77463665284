// A throw-away PostgreSQL cluster for tests and benchmarks: Debian's `postgresql` binaries, a fresh
// data folder, loopback only, stopped by its own pg_ctl (never by process name). As root, initdb
// refuses to run, so the binaries run as the `postgres` user, which the Debian package creates.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";

/** The folder holding initdb and pg_ctl (newest version first), or undefined when PostgreSQL is not installed. */
export function findPostgresBin() {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = path.join(root, version, "bin");
    if (existsSync(path.join(bin, "initdb")) && existsSync(path.join(bin, "pg_ctl"))) return bin;
  }
  return undefined;
}

/** A free TCP port on loopback, chosen by the kernel. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

function runAsOwner(bin, args) {
  if (!isRoot()) return execFileSync(bin, args, { stdio: "pipe" });
  const quoted = [bin, ...args].map((part) => `'${String(part).replaceAll("'", "'\\''")}'`).join(" ");
  return execFileSync("su", ["postgres", "-s", "/bin/sh", "-c", quoted], { stdio: "pipe" });
}

/**
 * Starts a cluster and returns { url, port, stop }. `url` points at the `postgres` database as the
 * `postgres` superuser (trust authentication, loopback only).
 */
export async function startPostgresCluster({ bin = findPostgresBin(), port } = {}) {
  if (!bin)
    throw new Error("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql");
  const dir = mkdtempSync(path.join(os.tmpdir(), "console-pg-"));
  chmodSync(dir, 0o755);
  if (isRoot()) execFileSync("chown", ["postgres", dir]);
  const dataDir = path.join(dir, "data");
  const chosenPort = port ?? (await freePort());
  runAsOwner(path.join(bin, "initdb"), ["-D", dataDir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  runAsOwner(path.join(bin, "pg_ctl"), [
    "-D",
    dataDir,
    "-o",
    `-p ${chosenPort} -k ${dir} -h 127.0.0.1 -c fsync=off -c max_connections=200`,
    "-l",
    path.join(dir, "log"),
    "-w",
    "start",
  ]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    spawnSync(
      isRoot() ? "su" : path.join(bin, "pg_ctl"),
      isRoot()
        ? ["postgres", "-s", "/bin/sh", "-c", `'${path.join(bin, "pg_ctl")}' -D '${dataDir}' -m fast -w stop`]
        : ["-D", dataDir, "-m", "fast", "-w", "stop"],
      { stdio: "ignore" },
    );
    rmSync(dir, { recursive: true, force: true });
  };
  return { url: `postgres://postgres@127.0.0.1:${chosenPort}/postgres`, port: chosenPort, dataDir, stop };
}
