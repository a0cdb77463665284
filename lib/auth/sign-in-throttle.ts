import "server-only";
import { createHash } from "node:crypto";
import { PostgresIntrospector, sql } from "kysely";
import { type AuthDatabase, PRUNE_BATCH, resolveAuthDatabase } from "./auth-database";

/** A try counted in advance (`reserved`), or refused because the key has used up its tries. */
export type Reservation = { reserved: true; id: number } | { reserved: false; retryAfterMs: number };

/** The first half of every advisory lock this throttle takes on PostgreSQL (the second: the key's hash). */
const ADVISORY_LOCK_CLASS = 0x5349474e; // "SIGN"

/** A 32-bit number for a throttle key, for pg_advisory_xact_lock(int, int). */
function advisoryKey(stored: string): number {
  return createHash("sha256").update(stored).digest().readInt32BE(0);
}

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
    return this.retryAfterIn(await resolveAuthDatabase(this.options.db), key, this.now());
  }

  /**
   * Counts a try as failed *before* the password is checked, if the key may still try: checking
   * first and counting after lets parallel tries all pass the check while the first is being
   * hashed (40 sent at once were all checked). The check and the count are one transaction, taken
   * in turns per key. A try that turns out right is taken back with `succeeded` or `withdraw`.
   */
  async reserve(key: string): Promise<Reservation> {
    const db = await resolveAuthDatabase(this.options.db);
    const stored = this.stored(key);
    const outcome = await db.transaction().execute(async (trx): Promise<Reservation> => {
      if (db.introspection instanceof PostgresIntrospector) {
        await sql`select pg_advisory_xact_lock(${sql.lit(ADVISORY_LOCK_CLASS)}, ${advisoryKey(stored)})`.execute(trx);
      }
      const now = this.now();
      const retryAfterMs = await this.retryAfterIn(trx, key, now);
      if (retryAfterMs > 0) return { reserved: false, retryAfterMs };
      const row = await trx
        .insertInto("sign_in_failures")
        .values({ throttle_key: stored, at_ms: now })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { reserved: true, id: Number(row.id) };
    });
    if (outcome.reserved) await this.prune(db);
    return outcome;
  }

  /** Takes back a reserved try that was not a failure (the password was never checked, say). */
  async withdraw(reservation: Reservation): Promise<void> {
    if (!reservation.reserved) return;
    const db = await resolveAuthDatabase(this.options.db);
    await db.deleteFrom("sign_in_failures").where("id", "=", reservation.id).execute();
  }

  private async retryAfterIn(db: AuthDatabase, key: string, now: number): Promise<number> {
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

/**
 * Lifts every sign-in limit on one account (from every address, and account-wide): the way back for
 * its owner when someone else's wrong guesses locked it. Returns how many counted failures it removed.
 */
export async function unlockAccount(db: AuthDatabase, rawEmail: string): Promise<number> {
  const email = rawEmail.trim().toLowerCase();
  // The keys are `<scope>:<email>` and `<scope>:<email>|<address>` (see signInWithPassword).
  const escaped = email.replace(/[\\%_]/g, (char) => `\\${char}`);
  const result = await db
    .deleteFrom("sign_in_failures")
    .where((eb) =>
      eb.or([
        eb("throttle_key", "like", sql<string>`${`%:${escaped}`} escape '\\'`),
        eb("throttle_key", "like", sql<string>`${`%:${escaped}|%`} escape '\\'`),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
