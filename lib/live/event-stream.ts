import type { ChangeFeed } from "./change-feed";
import { freshnessKey, type LiveState } from "./live-state";

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

function versionEvent(name: "ready" | "mirror", version: number): Uint8Array {
  // The id comes back as Last-Event-ID when the browser reconnects: a change made in between is told at once.
  return encoder.encode(`id: ${version}\nevent: ${name}\ndata: ${JSON.stringify({ version })}\n\n`);
}

/** No id: the browser's Last-Event-ID stays the mirror version it last heard of. */
function syncEvent(state: LiveState): Uint8Array {
  return encoder.encode(`event: sync\ndata: ${JSON.stringify(state.freshness)}\n\n`);
}

/** The version the browser last heard of, from Last-Event-ID; undefined when absent or not a version. */
export function lastHeardVersion(header: string | null): number | undefined {
  if (header === null || !/^\d{1,15}$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

/**
 * Server-sent events for one browser: "ready" with the mirror's version, then "mirror" each time it
 * changes. Those carry only version numbers: the browser refetches its views through the BFF, whose
 * session check and filters stay the only way to data. "sync" carries the sync's freshness (the
 * same for every user, no migration data) whenever it moves, so that views polling slowly while the
 * stream is up still show at once that the sync fails, recovers, or has just read the upstream.
 */
export function liveEventStream(
  feed: ChangeFeed<LiveState>,
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
      const unsubscribe = feed.subscribe((state, previous) => {
        if (state.version !== previous.version) send(versionEvent("mirror", state.version));
        if (freshnessKey(state.freshness) !== freshnessKey(previous.freshness)) send(syncEvent(state));
      });
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
      const state = await feed.current();
      // The database could not be read: end the stream, the browser comes back after `retryMs`.
      if (!state) return close();
      send(versionEvent(lastHeard !== undefined && lastHeard !== state.version ? "mirror" : "ready", state.version));
      send(syncEvent(state));
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
