/**
 * One rate limit for every request this process sends the upstream (sync and read-through alike):
 * slots spaced evenly at `ratePerSecond`, never more than that many in any window of a second, and
 * nothing at all while the upstream has asked us to wait (429 Retry-After). Callers wait their turn
 * in order; an aborted caller leaves the queue.
 *
 * A timer fires a little late, and later still while the event loop is busy writing a batch. If
 * every grant scheduled the next slot from the moment it was actually granted, that lateness would
 * add up (a millisecond or two per slot is 5–10 % at 50/s, and a commit holding the loop for 50 ms
 * loses two slots). So a caller that was already waiting keeps its scheduled slot, and the next one
 * is a full interval after that slot, not after the late grant: the slots a stall held back go at
 * once after it. The window check keeps that catching up within the limit; a caller that arrives
 * after an idle spell starts a fresh schedule, so unused slots are never saved up for a burst.
 */
export class RequestBudget {
  /** The scheduled moment of the next slot: one interval after the last slot granted. */
  private nextSlotMs = 0;
  private pausedUntilMs = 0;
  private readonly intervalMs: number;
  /** The grants one window may hold, and that window: `ratePerSecond` a second (one slot for rates below 1). */
  private readonly windowCount: number;
  private readonly windowMs: number;
  /**
   * How late a waiting caller may be granted and still count as on its slot: a quarter of the
   * window (a commit that holds the event loop for 60 ms at 50/s is made up by the next three
   * slots going at once), and at least one interval.
   */
  private readonly catchUpMs: number;
  /** When the last `windowCount` requests were granted, oldest first. */
  private readonly recentGrants: number[] = [];
  /**
   * Callers waiting, in the order they asked. Only the first waits for the clock; the rest wait for
   * their turn, so one that gives up hands its slot to the next instead of leaving a hole.
   */
  private readonly queue: Array<{ ready: () => void; turn: Promise<void> }> = [];
  /** Requests granted since the process started (for health and the benchmarks). */
  granted = 0;

  constructor(
    readonly ratePerSecond: number,
    readonly now: () => number = Date.now,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = defaultSleep,
  ) {
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
      throw new RangeError("The request budget must be a positive number of requests per second.");
    }
    this.intervalMs = 1000 / ratePerSecond;
    this.windowCount = Math.max(1, Math.floor(ratePerSecond));
    this.windowMs = this.windowCount * this.intervalMs;
    this.catchUpMs = Math.max(this.intervalMs, this.windowMs / 4);
  }

  /** Waits until this caller may send one request; rejects with the signal's reason if it aborts first. */
  async take(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const askedMs = this.now();
    let ready = () => {};
    const turn = new Promise<void>((resolve) => {
      ready = resolve;
    });
    const waiter = { ready, turn };
    this.queue.push(waiter);
    if (this.queue.length === 1) ready();
    try {
      await untilAborted(turn, signal);
      for (;;) {
        // Recomputed after every sleep: a 429 seen meanwhile pushes the slot back.
        const wait = Math.max(this.nextSlotMs, this.pausedUntilMs, this.windowReopensMs()) - this.now();
        if (wait <= 0) break;
        await this.sleep(wait, signal);
        signal?.throwIfAborted();
      }
      this.grant(askedMs);
    } finally {
      const index = this.queue.indexOf(waiter);
      this.queue.splice(index, 1);
      if (index === 0) this.queue[0]?.ready();
    }
  }

  /**
   * Books the slot of a caller that asked at `askedMs`: the scheduled one if it was already waiting
   * for it (at most catchUpMs late: a longer stall is not made up), else now. A pause the upstream
   * asked for starts a fresh schedule at its end.
   */
  private grant(askedMs: number): void {
    const now = this.now();
    const slot = Math.max(this.nextSlotMs, askedMs, this.pausedUntilMs, now - this.catchUpMs);
    this.nextSlotMs = slot + this.intervalMs;
    this.recentGrants.push(now);
    if (this.recentGrants.length > this.windowCount) this.recentGrants.shift();
    this.granted++;
  }

  /** When the window of the last `windowCount` grants has room again (0 while it is not full). */
  private windowReopensMs(): number {
    if (this.recentGrants.length < this.windowCount) return 0;
    return (this.recentGrants[0] as number) + this.windowMs;
  }

  /** The upstream said "retry after": nobody in this process sends anything before then. */
  pauseFor(ms: number): void {
    const until = this.now() + ms;
    if (until > this.pausedUntilMs) this.pausedUntilMs = until;
  }

  /** Milliseconds the upstream asked us to wait that are still left (0 when not paused). */
  pausedForMs(): number {
    return Math.max(0, this.pausedUntilMs - this.now());
  }
}

/** Settles when `promise` does, or rejects with the signal's reason as soon as it aborts. */
function untilAborted(promise: Promise<void>, signal?: AbortSignal): Promise<void> {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    });
  });
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Retry-After as milliseconds (seconds or an HTTP date), capped at an hour; undefined when absent. */
function retryAfterMs(value: string | null, nowMs: number): number | undefined {
  const raw = value?.trim();
  if (!raw) return undefined;
  const ms = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw) - nowMs;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 3_600_000) : undefined;
}

/**
 * A fetch that spends the budget on every attempt (retries included) and turns a 429's
 * Retry-After into a pause for the whole process, not only for the caller that saw it.
 */
export function budgetedFetch(inner: typeof fetch, budget: RequestBudget): typeof fetch {
  async function fetchWithinBudget(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    // While the upstream has asked us to wait, a caller learns so at once (its own 429 with the time
    // left) instead of queueing until its time budget runs out and reporting a timeout.
    const pausedMs = budget.pausedForMs();
    if (pausedMs > 0) {
      return new Response(null, { status: 429, headers: { "Retry-After": String(Math.ceil(pausedMs / 1000)) } });
    }
    await budget.take(init?.signal ?? undefined);
    const response = await inner(input, init);
    if (response.status === 429) {
      budget.pauseFor(retryAfterMs(response.headers.get("retry-after"), budget.now()) ?? 1000);
    }
    return response;
  }
  return fetchWithinBudget as typeof fetch;
}
