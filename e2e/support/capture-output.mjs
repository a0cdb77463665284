// Runs a command with its stdout and stderr passed through unchanged and also appended to a log
// file, so tests can read what a server printed. Usage: node capture-output.mjs <log> <command> [args…]
// Playwright stops a webServer by killing its process group, which ends this process and the child.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";

const [logFile, command, ...args] = process.argv.slice(2);
if (!logFile || !command) {
  console.error("usage: node capture-output.mjs <log file> <command> [args…]");
  process.exit(2);
}
mkdirSync(path.dirname(logFile), { recursive: true });
const log = createWriteStream(logFile, { flags: "a" });
const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
child.stdout.on("data", (chunk) => {
  process.stdout.write(chunk);
  log.write(chunk);
});
child.stderr.on("data", (chunk) => {
  process.stderr.write(chunk);
  log.write(chunk);
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => log.end(() => process.exit(code ?? (signal ? 1 : 0))));
