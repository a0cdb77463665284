/**
 * Talks to a running server's V8 inspector: to force a full garbage collection, so that its resident
 * memory can be compared at the same point across runs (a reading taken whenever V8 happens to have
 * collected, or not, swings by tens of MiB, far more than the differences being measured), and to
 * read its heap usage.
 *
 * The server is started with `--inspect-port=127.0.0.1:0` (no inspector until asked); SIGUSR1 opens it
 * on a free loopback port, which the server prints; each call is one message over a WebSocket (Node
 * 20's, behind `--experimental-websocket`, which the npm scripts pass).
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

/** One inspector method call and its result. */
export async function inspectorCall<T>(
  server: AppServer,
  method: string,
  params: Record<string, unknown> = {},
  timeoutMs = 30_000,
): Promise<T> {
  if (typeof WebSocket === "undefined") {
    throw new Error("WebSocket is missing: run the bench with `--experimental-websocket` (the npm scripts do)");
  }
  const socket = new WebSocket(await inspectorUrl(server, timeoutMs));
  try {
    return await new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the inspector did not answer ${method}`)), timeoutMs);
      socket.addEventListener("open", () => socket.send(JSON.stringify({ id: 1, method, params })));
      socket.addEventListener("message", (event) => {
        const message = JSON.parse(String(event.data)) as { id?: number; result?: T; error?: { message: string } };
        if (message.id !== 1) return;
        clearTimeout(timer);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result as T);
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

export async function forceFullGc(server: AppServer): Promise<void> {
  await inspectorCall(server, "HeapProfiler.collectGarbage");
}

/** The V8 heap's used and total size, in bytes. */
export function heapUsage(server: AppServer): Promise<{ usedSize: number; totalSize: number }> {
  return inspectorCall(server, "Runtime.getHeapUsage");
}
