import { describe, expect, it } from "vitest";
import { budgetedFetch, RequestBudget } from "./request-budget";

/** A clock and an abortable sleep that only move when the test says so. */
function fakeTime(startMs = 1_000_000) {
  let nowMs = startMs;
  interface Sleeper {
    at: number;
    resolve: () => void;
  }
  const sleepers: Sleeper[] = [];
  const remove = (sleeper: Sleeper) => {
    const index = sleepers.indexOf(sleeper);
    if (index >= 0) sleepers.splice(index, 1);
  };
  const sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const sleeper: Sleeper = { at: nowMs + ms, resolve };
      sleepers.push(sleeper);
      signal?.addEventListener(
        "abort",
        () => {
          remove(sleeper);
          reject(signal.reason);
        },
        { once: true },
      );
    });
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    now: () => nowMs,
    sleep,
    settle,
    pending: () => sleepers.length,
    /** Moves time forward to `ms` later, waking sleepers in order of their wake time. */
    async advance(ms: number) {
      const target = nowMs + ms;
      for (;;) {
        await settle();
        const due = sleepers.filter((sleeper) => sleeper.at <= target).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        nowMs = Math.max(nowMs, due.at);
        remove(due);
        due.resolve();
      }
      nowMs = target;
      await settle();
    },
  };
}

/** Starts a take and records when (on the fake clock) it was granted, or how it failed. */
function taker(
  budget: RequestBudget,
  time: ReturnType<typeof fakeTime>,
  log: string[],
  name: string,
  signal?: AbortSignal,
) {
  const outcome: { grantedAt?: number; error?: unknown } = {};
  const done = budget.take(signal).then(
    () => {
      outcome.grantedAt = time.now();
      log.push(name);
    },
    (error: unknown) => {
      outcome.error = error;
    },
  );
  return { outcome, done };
}

describe("RequestBudget", () => {
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])("refuses a rate of %s", (rate) => {
    expect(() => new RequestBudget(rate)).toThrow(RangeError);
  });

  it("spaces requests evenly at the rate", async () => {
    const time = fakeTime();
    const budget = new RequestBudget(5, time.now, time.sleep);
    const start = time.now();
    const grants: number[] = [];
    for (let i = 0; i < 4; i++) {
      const { outcome, done } = taker(budget, time, [], `t${i}`);
      await time.advance(0);
      if (outcome.grantedAt === undefined) await time.advance(200);
      await done;
      grants.push((outcome.grantedAt as number) - start);
    }
    expect(grants).toEqual([0, 200, 400, 600]);
    expect(budget.granted).toBe(4);
  });

  it("does not save up unused slots: after a quiet spell the next request goes at once, then spacing resumes", async () => {
    const time = fakeTime();
    const budget = new RequestBudget(2, time.now, time.sleep);
    await budget.take();
    await time.advance(10_000);
    const log: string[] = [];
    const first = taker(budget, time, log, "a");
    const second = taker(budget, time, log, "b");
    await time.advance(0);
    expect(first.outcome.grantedAt).toBe(time.now());
    expect(second.outcome.grantedAt).toBeUndefined();
    await time.advance(500);
    expect(second.outcome.grantedAt).toBe(time.now());
  });

  /** Grant times (from the start) of `count` takers queued at once, with `late(n)` ms added to the n-th sleep. */
  async function queuedGrants(rate: number, count: number, late: (sleepIndex: number) => number) {
    const time = fakeTime();
    let sleeps = 0;
    const lateSleep = (ms: number, signal?: AbortSignal) => time.sleep(ms + late(sleeps++), signal);
    const budget = new RequestBudget(rate, time.now, lateSleep);
    const start = time.now();
    const takers = Array.from({ length: count }, (_, i) => taker(budget, time, [], `t${i}`));
    await time.advance(10_000);
    await Promise.all(takers.map((t) => t.done));
    return takers.map((t) => (t.outcome.grantedAt as number) - start);
  }

  it("keeps the schedule when timers fire late: the lateness does not add up from slot to slot", async () => {
    // Every timer 30 ms late at 10/s: each grant is 30 ms after its slot, and the tenth goes at 930 ms
    // (not 1,170 ms, as it would if every slot were counted from the late grant before it).
    const grants = await queuedGrants(10, 10, () => 30);
    expect(grants).toEqual([0, 130, 230, 330, 430, 530, 630, 730, 830, 930]);
  });

  it("makes up the slots a stall held back at once after it, for up to a quarter second", async () => {
    // At 50/s the second timer stalls 60 ms: the three slots it held back go with it, then the schedule resumes.
    const short = await queuedGrants(50, 10, (n) => (n === 0 ? 60 : 0));
    expect(short).toEqual([0, 80, 80, 80, 80, 100, 120, 140, 160, 180]);
    // A 400 ms stall: only the last 250 ms of slots are made up (13 at once), the rest are lost.
    const long = await queuedGrants(50, 16, (n) => (n === 0 ? 400 : 0));
    expect(long).toEqual([0, ...Array(13).fill(420), 430, 450]);
  });

  it("never grants more than the rate within any one second, even while catching up", async () => {
    // The first wait is 150 ms late and the rest on time: slots alone would put six grants in the
    // second after the late one (350 … 1,200); the window holds the sixth back to 1,350.
    const grants = await queuedGrants(5, 7, (n) => (n === 0 ? 150 : 0));
    expect(grants).toEqual([0, 350, 400, 600, 800, 1000, 1350]);
    for (const [i, at] of grants.entries()) {
      expect(
        grants.filter((other) => other >= at && other < at + 1000).length,
        `the second from grant ${i}`,
      ).toBeLessThanOrEqual(5);
    }
  });

  it("below one request a second: one request per interval", async () => {
    const grants = await queuedGrants(0.5, 3, () => 0);
    expect(grants).toEqual([0, 2000, 4000]);
  });

  it("queues concurrent takers in the order they asked", async () => {
    const time = fakeTime();
    const budget = new RequestBudget(10, time.now, time.sleep);
    const start = time.now();
    const log: string[] = [];
    const takers = ["a", "b", "c", "d", "e", "f"].map((name) => taker(budget, time, log, name));
    await time.advance(1_000);
    await Promise.all(takers.map((t) => t.done));
    expect(log).toEqual(["a", "b", "c", "d", "e", "f"]);
    expect(takers.map((t) => (t.outcome.grantedAt as number) - start)).toEqual([0, 100, 200, 300, 400, 500]);
  });

  it("lets an aborted taker leave the queue: it never gets a slot, and those behind it move up", async () => {
    const time = fakeTime();
    const budget = new RequestBudget(5, time.now, time.sleep);
    const start = time.now();
    const log: string[] = [];
    const controller = new AbortController();
    const a = taker(budget, time, log, "a");
    const b = taker(budget, time, log, "b", controller.signal);
    const c = taker(budget, time, log, "c");
    await time.advance(50);
    const reason = new Error("the caller went away");
    controller.abort(reason);
    await time.advance(0);
    expect(b.outcome.error).toBe(reason);
    await time.advance(1_000);
    await Promise.all([a.done, b.done, c.done]);
    expect(log).toEqual(["a", "c"]);
    expect((c.outcome.grantedAt as number) - start).toBe(200);
    expect(budget.granted).toBe(2);
    expect(time.pending()).toBe(0);
  });

  it("refuses an already aborted taker without spending a slot", async () => {
    const time = fakeTime();
    const budget = new RequestBudget(1, time.now, time.sleep);
    const controller = new AbortController();
    controller.abort(new Error("gone"));
    await expect(budget.take(controller.signal)).rejects.toThrow("gone");
    expect(budget.granted).toBe(0);
    const log: string[] = [];
    const next = taker(budget, time, log, "next");
    await time.advance(0);
    expect(next.outcome.grantedAt).toBe(time.now());
  });

  it("pauses every queued taker until a Retry-After has passed", async () => {
    const time = fakeTime();
    const budget = new RequestBudget(10, time.now, time.sleep);
    const start = time.now();
    await budget.take();
    const log: string[] = [];
    const queued = ["a", "b", "c"].map((name) => taker(budget, time, log, name));
    await time.advance(50);
    budget.pauseFor(3_000);
    expect(budget.pausedForMs()).toBe(3_000);
    await time.advance(2_900);
    expect(log).toEqual([]);
    await time.advance(1_000);
    await Promise.all(queued.map((t) => t.done));
    expect(log).toEqual(["a", "b", "c"]);
    const grants = queued.map((t) => (t.outcome.grantedAt as number) - start);
    expect(grants[0]).toBe(3_050);
    expect(grants).toEqual([3_050, 3_150, 3_250]);
    expect(budget.pausedForMs()).toBe(0);
  });

  it("works on the real clock: spaced requests, and an abort mid-wait rejects at once", async () => {
    const budget = new RequestBudget(50);
    const start = performance.now();
    await Promise.all([budget.take(), budget.take(), budget.take()]);
    expect(performance.now() - start).toBeGreaterThanOrEqual(38);
    const controller = new AbortController();
    const waiting = budget.take(controller.signal);
    const behind = budget.take();
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
    await behind;
    expect(budget.granted).toBe(4);
  });

  it("keeps the longer of two pauses", () => {
    const time = fakeTime();
    const budget = new RequestBudget(1, time.now, time.sleep);
    budget.pauseFor(5_000);
    budget.pauseFor(1_000);
    expect(budget.pausedForMs()).toBe(5_000);
  });
});

describe("budgetedFetch", () => {
  function scripted(responses: Array<() => Response>) {
    const calls: number[] = [];
    return {
      calls,
      fetch(time: ReturnType<typeof fakeTime>) {
        return (async () => {
          calls.push(time.now());
          const next = responses.shift();
          if (!next) throw new Error("unscripted fetch");
          return next();
        }) as unknown as typeof fetch;
      },
    };
  }

  it("spends the budget on every request", async () => {
    const time = fakeTime();
    const budget = new RequestBudget(4, time.now, time.sleep);
    const inner = scripted([() => new Response("[]"), () => new Response("[]"), () => new Response("[]")]);
    const fetchWithin = budgetedFetch(inner.fetch(time), budget);
    const all = Promise.all([
      fetchWithin("https://x.test/a"),
      fetchWithin("https://x.test/b"),
      fetchWithin("https://x.test/c"),
    ]);
    await time.advance(1_000);
    await all;
    expect(inner.calls.map((at) => at - (inner.calls[0] as number))).toEqual([0, 250, 500]);
    expect(budget.granted).toBe(3);
  });

  it("turns a 429's Retry-After into a pause for every caller, not only the one that saw it", async () => {
    const time = fakeTime();
    const budget = new RequestBudget(10, time.now, time.sleep);
    const inner = scripted([
      () => new Response("{}", { status: 429, headers: { "Retry-After": "3" } }),
      () => new Response("[]"),
      () => new Response("[]"),
    ]);
    const fetchWithin = budgetedFetch(inner.fetch(time), budget);
    const first = await fetchWithin("https://x.test/a");
    expect(first.status).toBe(429);
    expect(budget.pausedForMs()).toBe(3_000);
    // Callers during the pause hear so at once, with the time left, and send nothing.
    const during = await Promise.all([fetchWithin("https://x.test/b"), fetchWithin("https://x.test/c")]);
    expect(during.map((response) => [response.status, response.headers.get("retry-after")])).toEqual([
      [429, "3"],
      [429, "3"],
    ]);
    await time.advance(2_000);
    expect((await fetchWithin("https://x.test/b")).headers.get("retry-after")).toBe("1");
    expect(inner.calls).toHaveLength(1);
    await time.advance(1_000);
    const after = Promise.all([fetchWithin("https://x.test/b"), fetchWithin("https://x.test/c")]);
    await time.advance(100);
    await after;
    const start = inner.calls[0] as number;
    expect(inner.calls.map((at) => at - start)).toEqual([0, 3_000, 3_100]);
  });

  it("pauses for a second when a 429 says nothing, and reads a Retry-After date", async () => {
    const time = fakeTime(Date.parse("2026-01-01T00:00:00Z"));
    const budget = new RequestBudget(10, time.now, time.sleep);
    const inner = scripted([
      () => new Response("{}", { status: 429 }),
      () => new Response("{}", { status: 429, headers: { "Retry-After": "Thu, 01 Jan 2026 00:00:10 GMT" } }),
    ]);
    const fetchWithin = budgetedFetch(inner.fetch(time), budget);
    await fetchWithin("https://x.test/a");
    expect(budget.pausedForMs()).toBe(1_000);
    await time.advance(1_000);
    await fetchWithin("https://x.test/b");
    expect(budget.pausedForMs()).toBe(9_000);
  });

  it("leaves the queue when the request's signal aborts, without calling the upstream", async () => {
    const time = fakeTime();
    const budget = new RequestBudget(1, time.now, time.sleep);
    const inner = scripted([() => new Response("[]"), () => new Response("[]")]);
    const fetchWithin = budgetedFetch(inner.fetch(time), budget);
    await fetchWithin("https://x.test/a");
    const controller = new AbortController();
    const aborted = fetchWithin("https://x.test/b", { signal: controller.signal });
    const rejected = expect(aborted).rejects.toThrow("navigated away");
    await time.advance(100);
    controller.abort(new Error("navigated away"));
    await rejected;
    expect(inner.calls).toHaveLength(1);
    const next = fetchWithin("https://x.test/c");
    await time.advance(900);
    await next;
    expect(inner.calls.map((at) => at - (inner.calls[0] as number))).toEqual([0, 1_000]);
  });
});
