import type { ChangeFeed } from "./change-feed";

export interface EventStreamOptions {
  /** A comment this often keeps proxies and the browser from timing the stream out. */
  heartbeatMs: number;
  /**
   * The stream ends after this long and the browser reconnects (through the session check again):
   * a revoked or expired session stops hearing of changes within this time.
   */
  lifetimeMs: number;
  /** How long the browser waits before reconnecting. */
  retryMs: number;
}

const encoder = new TextEncoder();

function event(name: string, version: number): Uint8Array {
  // The id comes back as Last-Event-ID when the browser reconnects: a change made in between is told at once.
  return encoder.encode(`id: ${version}\nevent: ${name}\ndata: ${JSON.stringify({ version })}\n\n`);
}

/** The version the browser last heard of, from Last-Event-ID; undefined when absent or not a version. */
export function lastHeardVersion(header: string | null): number | undefined {
  if (header === null || !/^\d{1,15}$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

/**
 * Server-sent events for one browser: "ready" with the mirror's version, then "mirror" each time it
 * changes. The events carry only version numbers; the browser refetches its views through the BFF,
 * whose session check and filters stay the only way to data.
 */
export function liveEventStream(
  feed: ChangeFeed,
  signal: AbortSignal,
  lastHeard: number | undefined,
  options: EventStreamOptions,
): Response {
  let cleanUp = () => {};
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const send = (chunk: Uint8Array) => {
        if (!open) return;
        try {
          controller.enqueue(chunk);
        } catch {
          close();
        }
      };
      const unsubscribe = feed.subscribe((version) => send(event("mirror", version)));
      const heartbeat = setInterval(() => send(encoder.encode(": keep-alive\n\n")), options.heartbeatMs);
      const lifetime = setTimeout(() => close(), options.lifetimeMs);
      function close() {
        if (!open) return;
        open = false;
        unsubscribe();
        clearInterval(heartbeat);
        clearTimeout(lifetime);
        signal.removeEventListener("abort", close);
        try {
          controller.close();
        } catch {
          // Already closed by the other side.
        }
      }
      cleanUp = close;
      signal.addEventListener("abort", close, { once: true });
      if (signal.aborted) return close();

      send(encoder.encode(`retry: ${options.retryMs}\n\n`));
      const version = await feed.currentVersion();
      send(event(lastHeard !== undefined && lastHeard !== version ? "mirror" : "ready", version));
    },
    cancel() {
      cleanUp();
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: a compressing layer must not buffer the stream.
      "Cache-Control": "no-store, no-transform",
      "X-Accel-Buffering": "no",
    },
  });
}
