/**
 * One rate limit for every request this process sends the upstream (sync and read-through alike):
 * at most `ratePerSecond`, spaced evenly, and nothing at all while the upstream has asked us to
 * wait (429 Retry-After). Callers wait their turn in order; an aborted caller leaves the queue.
 */
export class RequestBudget {
  private nextSlotMs = 0;
  private pausedUntilMs = 0;
  /** Requests granted since the process started (for health and the benchmarks). */
  granted = 0;

  constructor(
    readonly ratePerSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = defaultSleep,
  ) {
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
      throw new RangeError("The request budget must be a positive number of requests per second.");
    }
  }

  /** Waits until this caller may send one request. */
  async take(signal?: AbortSignal): Promise<void> {
    const interval = 1000 / this.ratePerSecond;
    // Claim a slot first, so concurrent callers queue instead of racing for the same one.
    const slot = Math.max(this.now(), this.nextSlotMs, this.pausedUntilMs);
    this.nextSlotMs = slot + interval;
    let wait = slot - this.now();
    while (wait > 0) {
      await this.sleep(wait, signal);
      // A 429 seen meanwhile pushes every queued caller back.
      wait = Math.max(slot, this.pausedUntilMs) - this.now();
    }
    this.granted++;
  }

  /** The upstream said "retry after": nobody in this process sends anything before then. */
  pauseFor(ms: number): void {
    const until = this.now() + ms;
    if (until > this.pausedUntilMs) this.pausedUntilMs = until;
    if (this.nextSlotMs < until) this.nextSlotMs = until;
  }

  /** Milliseconds the upstream asked us to wait that are still left (0 when not paused). */
  pausedForMs(): number {
    return Math.max(0, this.pausedUntilMs - this.now());
  }
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
    await budget.take(init?.signal ?? undefined);
    const response = await inner(input, init);
    if (response.status === 429) {
      budget.pauseFor(retryAfterMs(response.headers.get("retry-after"), Date.now()) ?? 1000);
    }
    return response;
  }
  return fetchWithinBudget as typeof fetch;
}
