import "server-only";
import { type AuthDatabase, PRUNE_BATCH, resolveAuthDatabase } from "./auth-database";

/** The sign-in window, and how long any failure is kept: no throttle may look further back. */
export const SIGN_IN_WINDOW_MS = 15 * 60_000;

export interface SignInThrottleOptions {
  /** Keeps this throttle's keys apart from another's in the shared table, whatever a key contains. */
  scope: string;
  maxFailures?: number;
  /** At most SIGN_IN_WINDOW_MS: older failures are pruned by every throttle. */
  windowMs?: number;
  /** Defaults to the process's app database. */
  db?: AuthDatabase;
  now?: () => number;
}

/**
 * Counts failed sign-ins per key in a sliding window and refuses further tries once the limit is
 * reached, until the oldest counted failure leaves the window. The failures live in the app
 * database: every instance counts the same tries, and a restart forgets none of them.
 */
export class SignInThrottle {
  readonly maxFailures: number;
  readonly windowMs: number;
  private readonly now: () => number;

  constructor(private readonly options: SignInThrottleOptions) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? SIGN_IN_WINDOW_MS;
    this.now = options.now ?? Date.now;
    if (!Number.isSafeInteger(this.maxFailures) || this.maxFailures < 1) {
      throw new Error("A sign-in throttle needs a limit of at least one failure.");
    }
    if (this.windowMs <= 0 || this.windowMs > SIGN_IN_WINDOW_MS) {
      throw new Error(`A sign-in throttle's window must be positive and at most ${SIGN_IN_WINDOW_MS} ms.`);
    }
  }

  /** Milliseconds until this key may try again; 0 when it may try now. */
  async retryAfterMs(key: string): Promise<number> {
    const db = await resolveAuthDatabase(this.options.db);
    const now = this.now();
    // Only the newest `maxFailures` in the window matter, read from the (key, time) index.
    const newest = await db
      .selectFrom("sign_in_failures")
      .select("at_ms")
      .where("throttle_key", "=", this.stored(key))
      .where("at_ms", ">", now - this.windowMs)
      .orderBy("at_ms", "desc")
      .limit(this.maxFailures)
      .execute();
    const oldestCounted = newest[this.maxFailures - 1];
    return oldestCounted ? Number(oldestCounted.at_ms) + this.windowMs - now : 0;
  }

  async recordFailure(key: string): Promise<void> {
    const db = await resolveAuthDatabase(this.options.db);
    await db
      .insertInto("sign_in_failures")
      .values({ throttle_key: this.stored(key), at_ms: this.now() })
      .execute();
    await this.prune(db);
  }

  async recordSuccess(key: string): Promise<void> {
    const db = await resolveAuthDatabase(this.options.db);
    await db.deleteFrom("sign_in_failures").where("throttle_key", "=", this.stored(key)).execute();
  }

  private stored(key: string): string {
    return `${this.options.scope}:${key}`;
  }

  /**
   * Each failure removes up to a batch of failures older than any window, oldest first through the
   * time index: the table holds about one window's failures, and no call scans it.
   */
  private async prune(db: AuthDatabase): Promise<void> {
    await db
      .deleteFrom("sign_in_failures")
      .where("id", "in", (eb) =>
        eb
          .selectFrom("sign_in_failures")
          .select("id")
          .where("at_ms", "<=", this.now() - SIGN_IN_WINDOW_MS)
          .orderBy("at_ms")
          .limit(PRUNE_BATCH),
      )
      .execute();
  }
}
