/**
 * Forces a full garbage collection in a running server through the V8 inspector, so that its resident
 * memory can be compared at the same point across runs: a reading taken whenever V8 happens to have
 * collected (or not) swings by tens of MiB, far more than the differences being measured.
 *
 * The server is started with `--inspect-port=127.0.0.1:0` (no inspector until asked); SIGUSR1 opens it
 * on a free loopback port, which the server prints; one `HeapProfiler.collectGarbage` runs over a
 * WebSocket (Node 20's, behind `--experimental-websocket`, which the npm script passes).
 */
import type { AppServer } from "./next-server";

export const INSPECTABLE_NODE_ARGS = ["--inspect-port=127.0.0.1:0"];

const LISTENING = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]+)/;

/** Once open, the inspector stays open: its URL is kept (the server's output moves on). */
const opened = new WeakMap<AppServer, string>();

async function inspectorUrl(server: AppServer, timeoutMs: number): Promise<string> {
  const known = opened.get(server);
  if (known) return known;
  const found = () => server.output.map((line) => LISTENING.exec(line)?.[1]).find(Boolean);
  server.child.kill("SIGUSR1");
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const url = found();
    if (url) {
      opened.set(server, url);
      return url;
    }
    if (Date.now() > deadline) throw new Error("the server did not open its inspector after SIGUSR1");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export async function forceFullGc(server: AppServer, timeoutMs = 30_000): Promise<void> {
  if (typeof WebSocket === "undefined") {
    throw new Error("WebSocket is missing: run the bench with `--experimental-websocket` (npm run bench:sync does)");
  }
  const socket = new WebSocket(await inspectorUrl(server, timeoutMs));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("the inspector did not answer collectGarbage")), timeoutMs);
      socket.addEventListener("open", () =>
        socket.send(JSON.stringify({ id: 1, method: "HeapProfiler.collectGarbage" })),
      );
      socket.addEventListener("message", (event) => {
        const message = JSON.parse(String(event.data)) as { id?: number; error?: { message: string } };
        if (message.id !== 1) return;
        clearTimeout(timer);
        if (message.error) reject(new Error(`collectGarbage: ${message.error.message}`));
        else resolve();
      });
      socket.addEventListener("error", () => {
        clearTimeout(timer);
        reject(new Error("could not reach the server's inspector"));
      });
    });
  } finally {
    socket.close();
  }
}
