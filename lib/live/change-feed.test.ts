import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChangeFeed } from "./change-feed";

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

/** A feed over a version the test sets, counting the reads. */
function feedOver(initial = 7, options: { pollMs?: number; minGapMs?: number } = {}) {
  let version = initial;
  let failing: Error | undefined;
  const errors: unknown[] = [];
  const read = vi.fn(async () => {
    if (failing) throw failing;
    return version;
  });
  const feed = new ChangeFeed({
    read,
    pollMs: options.pollMs ?? 400,
    minGapMs: options.minGapMs ?? 100,
    onError: (error) => errors.push(error),
  });
  return {
    feed,
    read,
    errors,
    set: (next: number) => {
      version = next;
    },
    fail: (error: Error | undefined) => {
      failing = error;
    },
  };
}

describe("ChangeFeed", () => {
  it("tells subscribers of each new version once, and nothing for the first read or an unchanged one", async () => {
    const f = feedOver();
    const heard: number[] = [];
    f.feed.subscribe((version) => heard.push(version));
    await vi.advanceTimersByTimeAsync(0);
    expect(f.feed.last).toBe(7);
    await vi.advanceTimersByTimeAsync(1_200);
    expect(heard).toEqual([]);
    f.set(9);
    await vi.advanceTimersByTimeAsync(400);
    expect(heard).toEqual([9]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(heard).toEqual([9]);
  });

  it("reads once per look however many subscribers there are", async () => {
    const f = feedOver();
    const heard: number[][] = [[], [], []];
    for (const list of heard) f.feed.subscribe((version) => list.push(version));
    await vi.advanceTimersByTimeAsync(0);
    f.set(8);
    await vi.advanceTimersByTimeAsync(4_000);
    // The first read, then one every 400 ms.
    expect(f.read).toHaveBeenCalledTimes(11);
    expect(heard).toEqual([[8], [8], [8]]);
  });

  it("reads nothing while nobody listens, and stops when the last subscriber leaves", async () => {
    const f = feedOver();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(f.read).not.toHaveBeenCalled();
    const first = f.feed.subscribe(() => {});
    const second = f.feed.subscribe(() => {});
    await vi.advanceTimersByTimeAsync(0);
    first();
    await vi.advanceTimersByTimeAsync(800);
    const whileOneListens = f.read.mock.calls.length;
    expect(whileOneListens).toBe(3);
    second();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(f.read).toHaveBeenCalledTimes(whileOneListens);
    f.feed.nudge();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(f.read).toHaveBeenCalledTimes(whileOneListens);
  });

  it("reads at once when this process wrote (no waiting for the next look), but not more often than the least gap", async () => {
    const f = feedOver(7, { pollMs: 10_000, minGapMs: 100 });
    const heard: number[] = [];
    f.feed.subscribe((version) => heard.push(version));
    await vi.advanceTimersByTimeAsync(500);
    f.set(8);
    f.feed.nudge();
    await vi.advanceTimersByTimeAsync(0);
    expect(heard).toEqual([8]);
    // A burst of writes right after: one more read, 100 ms after the last one, telling the latest version.
    for (const version of [9, 10, 11]) {
      f.set(version);
      f.feed.nudge();
    }
    await vi.advanceTimersByTimeAsync(99);
    expect(heard).toEqual([8]);
    await vi.advanceTimersByTimeAsync(1);
    expect(heard).toEqual([8, 11]);
  });

  it("a nudge during a read asks for one more read after it", async () => {
    let release = () => {};
    let version = 1;
    const read = vi.fn(
      () =>
        new Promise<number>((resolve) => {
          const answer = version;
          release = () => resolve(answer);
        }),
    );
    const feed = new ChangeFeed({ read, pollMs: 10_000, minGapMs: 100 });
    const heard: number[] = [];
    feed.subscribe((v) => heard.push(v));
    await vi.advanceTimersByTimeAsync(0);
    release();
    await vi.advanceTimersByTimeAsync(200);
    version = 2;
    feed.nudge();
    await vi.advanceTimersByTimeAsync(0);
    expect(read).toHaveBeenCalledTimes(2);
    // The write that the read under way may have missed.
    version = 3;
    feed.nudge();
    release();
    await vi.advanceTimersByTimeAsync(100);
    expect(read).toHaveBeenCalledTimes(3);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(heard).toEqual([2, 3]);
  });

  it("a failed read is reported, keeps the last version (no false change) and is tried again at the next look", async () => {
    const f = feedOver();
    const heard: number[] = [];
    f.feed.subscribe((version) => heard.push(version));
    await vi.advanceTimersByTimeAsync(0);
    const broken = new Error("database is locked");
    f.fail(broken);
    await vi.advanceTimersByTimeAsync(800);
    expect(f.errors).toEqual([broken, broken]);
    expect(f.feed.last).toBe(7);
    expect(heard).toEqual([]);
    f.fail(undefined);
    f.set(12);
    await vi.advanceTimersByTimeAsync(400);
    expect(heard).toEqual([12]);
  });

  it("current reads when nothing has been read yet", async () => {
    const f = feedOver(42);
    await expect(f.feed.current()).resolves.toBe(42);
    expect(f.read).toHaveBeenCalledTimes(1);
  });
});
