import "server-only";
import { type AuthDatabase, PRUNE_BATCH, resolveAuthDatabase } from "./auth-database";

/**
 * Revocations outlive their token by this much before they are pruned: another instance whose clock
 * runs a little behind still sees the token as live, and must still find it revoked.
 */
export const REVOCATION_GRACE_MS = 10 * 60_000;

export interface RevokedSessionsOptions {
  /** Defaults to the process's app database. */
  db?: AuthDatabase;
  now?: () => number;
}

/**
 * Session tokens are JWTs: without a server-side record a signed-out token would stay valid until
 * it expires. Sign-out records the token's id in the app database and every session check refuses
 * it, so a sign-out on one instance holds on all of them and survives restarts.
 */
export class RevokedSessions {
  private readonly now: () => number;

  constructor(private readonly options: RevokedSessionsOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  /** Records the revocation, kept until the token would have expired anyway. */
  async revoke(tokenId: string, expiresAtMs: number): Promise<void> {
    const db = await resolveAuthDatabase(this.options.db);
    await db
      .insertInto("revoked_sessions")
      .values({ session_id: tokenId, expires_ms: expiresAtMs })
      .onConflict((conflict) => conflict.column("session_id").doUpdateSet({ expires_ms: expiresAtMs }))
      .execute();
    await this.prune(db);
  }

  /**
   * Any record counts, expired or not: a token past its expiry is refused by its own signature
   * check, and ignoring the time here keeps clock differences between instances harmless.
   */
  async isRevoked(tokenId: string | undefined): Promise<boolean> {
    if (tokenId === undefined) return false;
    const db = await resolveAuthDatabase(this.options.db);
    const row = await db
      .selectFrom("revoked_sessions")
      .select("session_id")
      .where("session_id", "=", tokenId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * Each revocation removes up to a batch of expired ones, oldest first through the expiry index:
   * rows never pile up faster than they are removed, and no call scans the table.
   */
  private async prune(db: AuthDatabase): Promise<void> {
    await db
      .deleteFrom("revoked_sessions")
      .where("session_id", "in", (eb) =>
        eb
          .selectFrom("revoked_sessions")
          .select("session_id")
          .where("expires_ms", "<=", this.now() - REVOCATION_GRACE_MS)
          .orderBy("expires_ms")
          .limit(PRUNE_BATCH),
      )
      .execute();
  }
}

export const revokedSessions = new RevokedSessions();
