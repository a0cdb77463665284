/**
 * One look at the mirror's state for every browser connected to this process: subscribers hear
 * each new state once, however many there are. It reads the database every `pollMs` while anyone
 * listens (which is how writes by another instance arrive, on SQLite and PostgreSQL alike) and at
 * once when this process wrote (`nudge`), so a change made here reaches browsers without waiting
 * for the next look. Nothing runs while nobody listens.
 */
export type ChangeListener<T> = (value: T, previous: T) => void;

export interface ChangeFeedOptions<T> {
  read: () => Promise<T>;
  /** Whether two reads tell the same thing (default: Object.is); listeners hear only of differences. */
  same?: (a: T, b: T) => boolean;
  pollMs: number;
  /** The least time between two reads, however often this process writes: browsers hear of a burst once. */
  minGapMs: number;
  now?: () => number;
  /** Reports a failed read; the feed keeps its last value and tries again at the next look. */
  onError?: (error: unknown) => void;
  setTimer?: (callback: () => void, ms: number) => { unref?: () => void };
  clearTimer?: (timer: unknown) => void;
}

export class ChangeFeed<T> {
  private readonly listeners = new Set<ChangeListener<T>>();
  private value: T | undefined;
  private timer: unknown;
  private reading: Promise<void> | undefined;
  /** A nudge that came while a read was under way: one more read once it ends. */
  private readAgain = false;
  private lastReadMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: ChangeFeedOptions<T>) {}

  /** The last value read, undefined before the first read. */
  get last(): T | undefined {
    return this.value;
  }

  /** Starts listening; the first read tells `listener` nothing (it gives the value to compare with). */
  subscribe(listener: ChangeListener<T>): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.schedule(0);
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Reads the version now (this process just wrote to the mirror). */
  nudge(): void {
    if (this.listeners.size === 0) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    const now = (this.options.now ?? Date.now)();
    this.schedule(Math.max(0, this.lastReadMs + this.options.minGapMs - now));
  }

  /** The value as of now: read if nobody has read it yet; undefined if that read failed. */
  async current(): Promise<T | undefined> {
    if (this.value === undefined) await this.read();
    return this.value;
  }

  private schedule(ms: number): void {
    this.clear();
    const setTimer = this.options.setTimer ?? ((callback, delay) => setTimeout(callback, delay));
    const timer = setTimer(() => {
      this.timer = undefined;
      void this.read().finally(() => {
        const next = this.readAgain ? this.options.minGapMs : this.options.pollMs;
        if (this.listeners.size > 0 && this.timer === undefined) this.schedule(next);
        this.readAgain = false;
      });
    }, ms);
    timer.unref?.();
    this.timer = timer;
  }

  private read(): Promise<void> {
    this.reading ??= (async () => {
      this.lastReadMs = (this.options.now ?? Date.now)();
      try {
        const value = await this.options.read();
        const previous = this.value;
        this.value = value;
        if (previous !== undefined && !(this.options.same ?? Object.is)(value, previous)) {
          for (const listener of [...this.listeners]) listener(value, previous);
        }
      } catch (error) {
        this.options.onError?.(error);
      } finally {
        this.reading = undefined;
      }
    })();
    return this.reading;
  }

  private clear(): void {
    if (this.timer === undefined) return;
    (this.options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>)))(this.timer);
    this.timer = undefined;
  }

  private stop(): void {
    this.clear();
    this.readAgain = false;
  }
}
