// `npm start`: builds when needed, then serves the app (PORT, default 3000) on the embedded API unless
// MIGRATIONS_API_URL points at a real one. Signals are passed on so Ctrl-C stops the server itself.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureBuild } from "./ensure-build.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
ensureBuild();

const port = process.env.PORT || "3000";
// Loopback by default: the demo data and demo account are not for the network. BIND_HOST=0.0.0.0 opens it.
const hostname = process.env.BIND_HOST || "127.0.0.1";
const server = spawn(path.join(root, "node_modules", ".bin", "next"), ["start", "-p", port, "-H", hostname], {
  cwd: root,
  stdio: "inherit",
  // The server learns where it listens from BIND_HOST: the demo account exists only on loopback.
  env: { ...process.env, NODE_ENV: "production", BIND_HOST: hostname },
});
// The upstream's URL is not printed: start-up output ends up in shared logs, and it is deployment detail.
const mode = process.env.MIGRATIONS_API_URL ? "the configured Migrations API" : "the embedded Migrations API";
console.log(`Migration Console on http://localhost:${port} (data from ${mode})`);

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
