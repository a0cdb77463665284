import { beforeEach, describe, expect, it } from "vitest";
import type { AppDatabase } from "@/lib/db/connection";
import { manualClock } from "@/lib/sync/testing";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { PRUNE_BATCH } from "./auth-database";
import { REVOCATION_GRACE_MS, RevokedSessions } from "./revoked-sessions";

let database: AppDatabase;
let clock: ReturnType<typeof manualClock>;

const sessions = () => new RevokedSessions({ db: database.db, now: clock.now });

async function storedIds(): Promise<string[]> {
  const rows = await database.db.selectFrom("revoked_sessions").select("session_id").orderBy("session_id").execute();
  return rows.map((row) => row.session_id);
}

describe.each(TEST_ENGINES)("on %s", (engine) => {
  const app = appDatabasePerTest(engine);
  beforeEach(() => {
    database = app();
    clock = manualClock();
  });

  describe("RevokedSessions", () => {
    it("refuses a revoked token id and only that one", async () => {
      const revoked = sessions();
      await revoked.revoke("a", clock.now() + 1000);
      expect(await revoked.isRevoked("a")).toBe(true);
      expect(await revoked.isRevoked("b")).toBe(false);
      expect(await revoked.isRevoked(undefined)).toBe(false);
    });

    it("is shared by every instance on the same database, and outlives the object that wrote it", async () => {
      await sessions().revoke("signed-out-elsewhere", clock.now() + 60_000);
      expect(await sessions().isRevoked("signed-out-elsewhere")).toBe(true);
    });

    it("revoking the same token twice keeps one row, with the later expiry", async () => {
      const revoked = sessions();
      await revoked.revoke("a", clock.now() + 1000);
      await revoked.revoke("a", clock.now() + 5000);
      const rows = await database.db.selectFrom("revoked_sessions").selectAll().execute();
      expect(rows).toEqual([{ session_id: "a", expires_ms: clock.now() + 5000 }]);
    });

    it("keeps a revocation for a grace period after the token expires, then prunes it on a later revocation", async () => {
      const revoked = sessions();
      const expiresMs = clock.now() + 1000;
      await revoked.revoke("old", expiresMs);
      clock.advance(1000 + REVOCATION_GRACE_MS - 1);
      await revoked.revoke("trigger-1", clock.now() + 60_000);
      expect(await revoked.isRevoked("old")).toBe(true);
      clock.advance(1);
      await revoked.revoke("trigger-2", clock.now() + 60_000);
      expect(await revoked.isRevoked("old")).toBe(false);
      expect(await storedIds()).toEqual(["trigger-1", "trigger-2"]);
    });

    it("prunes a bounded batch per revocation, oldest first, and never a live one", async () => {
      const revoked = sessions();
      const base = clock.now();
      // Two and a half batches of expired revocations, expiring in reverse name order.
      const expired = Math.floor(PRUNE_BATCH * 2.5);
      await database.db
        .insertInto("revoked_sessions")
        .values(
          Array.from({ length: expired }, (_, i) => ({
            session_id: `old-${String(i).padStart(4, "0")}`,
            expires_ms: base + (expired - i),
          })),
        )
        .execute();
      await revoked.revoke("live", base + 100 * REVOCATION_GRACE_MS);
      clock.advance(REVOCATION_GRACE_MS + expired + 1);

      await revoked.revoke("new-1", clock.now() + 60_000);
      let left = (await storedIds()).filter((id) => id.startsWith("old-"));
      expect(left).toHaveLength(expired - PRUNE_BATCH);
      // The ones expiring first (the highest numbers) went first.
      expect(left.at(-1)).toBe(`old-${String(expired - PRUNE_BATCH - 1).padStart(4, "0")}`);

      await revoked.revoke("new-2", clock.now() + 60_000);
      await revoked.revoke("new-3", clock.now() + 60_000);
      left = (await storedIds()).filter((id) => id.startsWith("old-"));
      expect(left).toEqual([]);
      expect(await storedIds()).toEqual(["live", "new-1", "new-2", "new-3"]);
    });
  });
});
