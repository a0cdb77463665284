/**
 * Session tokens are JWTs: without a server-side record a signed-out token would stay valid until
 * it expires. Sign-out records the token's id here and the session check refuses it. In memory,
 * like the sign-in throttle: one server process, and a restart forgets (tokens still expire).
 */
export class RevokedSessions {
  private readonly revoked = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  revoke(tokenId: string, expiresAtMs: number): void {
    this.revoked.set(tokenId, expiresAtMs);
    if (this.revoked.size > 1000) this.prune();
  }

  isRevoked(tokenId: string | undefined): boolean {
    return tokenId !== undefined && this.revoked.has(tokenId);
  }

  private prune(): void {
    const now = this.now();
    for (const [id, expiresAt] of this.revoked) if (expiresAt <= now) this.revoked.delete(id);
  }
}

const globalForRevoked = globalThis as typeof globalThis & { __revokedSessions?: RevokedSessions };
globalForRevoked.__revokedSessions ??= new RevokedSessions();
export const revokedSessions = globalForRevoked.__revokedSessions;
