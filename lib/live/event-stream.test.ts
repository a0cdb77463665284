import { describe, expect, it } from "vitest";
import type { SyncFreshness } from "@/lib/migrations/views";
import { ChangeFeed } from "./change-feed";
import { lastHeardVersion, liveEventStream } from "./event-stream";
import { type LiveState, sameLiveState } from "./live-state";

const CURRENT: SyncFreshness = { synced_at: "2026-11-29T10:00:00.000Z", state: "current", partial: false };

function testFeed(initial: number) {
  let state: LiveState = { version: initial, freshness: CURRENT };
  let reads = 0;
  let failing = false;
  const feed = new ChangeFeed<LiveState>({
    read: async () => {
      reads++;
      if (failing) throw new Error("database is locked");
      return state;
    },
    same: sameLiveState,
    pollMs: 20,
    minGapMs: 5,
  });
  return {
    feed,
    reads: () => reads,
    set: (next: number) => {
      state = { ...state, version: next };
    },
    setFreshness: (freshness: SyncFreshness) => {
      state = { ...state, freshness };
    },
    fail: () => {
      failing = true;
    },
  };
}

const syncLine = (freshness: SyncFreshness) => `event: sync\ndata: ${JSON.stringify(freshness)}\n\n`;

/** Reads the stream's text until `done(text)` or the stream ends. */
async function readUntil(response: Response, done: (text: string) => boolean): Promise<string> {
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  while (!done(text)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    text += decoder.decode(value, { stream: true });
  }
  reader.releaseLock();
  return text;
}

const options = { heartbeatMs: 30, lifetimeMs: 5_000, retryMs: 500 };

describe("liveEventStream", () => {
  it("is an event stream that no layer may cache or compress", () => {
    const controller = new AbortController();
    const response = liveEventStream(testFeed(1).feed, controller.signal, undefined, options);
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store, no-transform");
    controller.abort();
  });

  it("says ready with the version, then tells each change, with heartbeats in between", async () => {
    const f = testFeed(5);
    const controller = new AbortController();
    const response = liveEventStream(f.feed, controller.signal, undefined, options);
    const start = await readUntil(response, (text) => text.includes("event: sync"));
    expect(start).toBe(`retry: 500\n\nid: 5\nevent: ready\ndata: {"version":5}\n\n${syncLine(CURRENT)}`);
    f.set(6);
    const next = await readUntil(response, (text) => text.includes("event: mirror") && text.includes(": keep-alive"));
    expect(next).toContain('id: 6\nevent: mirror\ndata: {"version":6}\n\n');
    expect(next).not.toContain("event: sync");
    controller.abort();
  });

  it("tells the sync's freshness when it moves, without an id (Last-Event-ID stays the mirror's version)", async () => {
    const f = testFeed(5);
    const controller = new AbortController();
    const response = liveEventStream(f.feed, controller.signal, undefined, options);
    await readUntil(response, (text) => text.includes("event: sync"));
    const failing: SyncFreshness = {
      ...CURRENT,
      state: "failing",
      last_error: { message: "The Migrations API answered 503.", at: "2026-11-29T10:01:00.000Z" },
    };
    f.setFreshness(failing);
    const next = await readUntil(response, (text) => text.includes("event: sync"));
    expect(next).toBe(syncLine(failing));
    // Only a moving rate or estimate: no news.
    f.setFreshness({ ...failing, progress: undefined });
    const backfilling: SyncFreshness = {
      ...CURRENT,
      state: "backfilling",
      progress: { rows_read: 100, rate_per_second: 10, eta_seconds: 90 },
    };
    f.setFreshness(backfilling);
    await readUntil(response, (text) => text.includes("event: sync"));
    f.setFreshness({ ...backfilling, progress: { rows_read: 100, rate_per_second: 11, eta_seconds: 80 } });
    f.set(6);
    const later = await readUntil(response, (text) => text.includes("event: mirror"));
    expect(later).not.toContain("event: sync");
    controller.abort();
  });

  it("ends at once when the database cannot be read (the browser comes back after the retry time)", async () => {
    const f = testFeed(5);
    f.fail();
    const response = liveEventStream(f.feed, new AbortController().signal, undefined, options);
    const text = await readUntil(response, () => false);
    expect(text).toBe("retry: 500\n\n");
  });

  it("tells a reconnecting browser at once of a change it missed (Last-Event-ID older than now)", async () => {
    const controller = new AbortController();
    const response = liveEventStream(testFeed(9).feed, controller.signal, 8, options);
    const text = await readUntil(response, (t) => t.includes("data:"));
    expect(text).toContain('id: 9\nevent: mirror\ndata: {"version":9}');
    controller.abort();
  });

  it("says only ready to a reconnecting browser that missed nothing", async () => {
    const controller = new AbortController();
    const response = liveEventStream(testFeed(9).feed, controller.signal, 9, options);
    const text = await readUntil(response, (t) => t.includes("data:"));
    expect(text).toContain("event: ready");
    expect(text).not.toContain("event: mirror");
    controller.abort();
  });

  it("ends after its lifetime (the browser reconnects through the session check) and stops the feed's reads", async () => {
    const f = testFeed(1);
    const controller = new AbortController();
    const response = liveEventStream(f.feed, controller.signal, undefined, { ...options, lifetimeMs: 100 });
    const started = Date.now();
    const text = await readUntil(response, () => false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(text).toContain("event: ready");
    const readsAtEnd = f.reads();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(f.reads()).toBe(readsAtEnd);
  });

  it("stops the feed's reads when the browser goes away", async () => {
    const f = testFeed(1);
    const controller = new AbortController();
    const response = liveEventStream(f.feed, controller.signal, undefined, options);
    await readUntil(response, (t) => t.includes("event: ready"));
    controller.abort();
    const readsAtAbort = f.reads();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(f.reads()).toBe(readsAtAbort);
    // The stream ended: the reader sees its end rather than waiting forever.
    await expect(readUntil(response, () => false)).resolves.toBeTypeOf("string");
  });
});

describe("lastHeardVersion", () => {
  it.each([
    ["12", 12],
    [" 0 ", 0],
    [null, undefined],
    ["", undefined],
    ["-1", undefined],
    ["1e9", undefined],
    ["12abc", undefined],
    ["9".repeat(16), undefined],
  ])("reads %j as %j", (header, expected) => {
    expect(lastHeardVersion(header)).toBe(expected);
  });
});
