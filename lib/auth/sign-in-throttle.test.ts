import { beforeEach, describe, expect, it } from "vitest";
import type { AppDatabase } from "@/lib/db/connection";
import { manualClock } from "@/lib/sync/testing";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { PRUNE_BATCH } from "./auth-database";
import { SIGN_IN_WINDOW_MS, SignInThrottle, unlockAccount } from "./sign-in-throttle";

let database: AppDatabase;
let clock: ReturnType<typeof manualClock>;

function setup(maxFailures = 3, windowMs = 60_000, scope = "test") {
  return new SignInThrottle({ scope, maxFailures, windowMs, db: database.db, now: clock.now });
}

async function rowCount(): Promise<number> {
  const row = await database.db
    .selectFrom("sign_in_failures")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

describe.each(TEST_ENGINES)("on %s", (engine) => {
  const app = appDatabasePerTest(engine);
  beforeEach(() => {
    database = app();
    clock = manualClock(1_000_000);
  });

  describe("SignInThrottle", () => {
    it("defaults to 10 failures in 15 minutes", () => {
      const throttle = new SignInThrottle({ scope: "test", db: database.db });
      expect(throttle.maxFailures).toBe(10);
      expect(throttle.windowMs).toBe(900_000);
      expect(SIGN_IN_WINDOW_MS).toBe(900_000);
    });

    it("refuses a window longer than failures are kept, and a limit below one", () => {
      expect(() => setup(3, SIGN_IN_WINDOW_MS + 1)).toThrow("window");
      expect(() => setup(0)).toThrow("limit");
    });

    it("lets a key try while it has fewer failures than the limit", async () => {
      const throttle = setup(3);
      expect(await throttle.retryAfterMs("k")).toBe(0);
      await throttle.recordFailure("k");
      clock.advance(10);
      await throttle.recordFailure("k");
      expect(await throttle.retryAfterMs("k")).toBe(0);
    });

    it("locks a key at the limit until the oldest counted failure leaves the window", async () => {
      const throttle = setup(3, 60_000);
      await throttle.recordFailure("k"); // t = 1_000_000
      clock.advance(1000);
      await throttle.recordFailure("k"); // t = 1_001_000
      clock.advance(1000);
      await throttle.recordFailure("k"); // t = 1_002_000
      expect(await throttle.retryAfterMs("k")).toBe(58_000);
      clock.advance(57_999);
      expect(await throttle.retryAfterMs("k")).toBe(1);
      clock.advance(1); // the first failure is exactly windowMs old: out of the window
      expect(await throttle.retryAfterMs("k")).toBe(0);
      // One more failure locks again, until the second failure leaves the window.
      await throttle.recordFailure("k");
      expect(await throttle.retryAfterMs("k")).toBe(1_001_000 + 60_000 - clock.now());
    });

    it("counts only failures inside the window", async () => {
      const throttle = setup(3, 60_000);
      await throttle.recordFailure("k");
      await throttle.recordFailure("k");
      clock.advance(60_000);
      await throttle.recordFailure("k");
      expect(await throttle.retryAfterMs("k")).toBe(0);
    });

    it("with more failures than the limit, waits for the one that brings the count below it", async () => {
      const throttle = setup(2, 10_000);
      for (const step of [0, 1000, 1000, 1000]) {
        clock.advance(step);
        await throttle.recordFailure("k");
      }
      // Failures at +0, +1000, +2000, +3000 (now): the last 2 are at +2000 and +3000.
      expect(await throttle.retryAfterMs("k")).toBe(2000 + 10_000 - 3000);
    });

    it("resets a key on success", async () => {
      const throttle = setup(3);
      for (let i = 0; i < 3; i++) await throttle.recordFailure("k");
      expect(await throttle.retryAfterMs("k")).toBeGreaterThan(0);
      await throttle.recordSuccess("k");
      expect(await throttle.retryAfterMs("k")).toBe(0);
      await throttle.recordFailure("k");
      await throttle.recordFailure("k");
      expect(await throttle.retryAfterMs("k")).toBe(0);
    });

    it("keeps keys independent", async () => {
      const throttle = setup(3);
      for (let i = 0; i < 3; i++) await throttle.recordFailure("alice|1.2.3.4");
      expect(await throttle.retryAfterMs("alice|1.2.3.4")).toBe(60_000);
      expect(await throttle.retryAfterMs("alice|5.6.7.8")).toBe(0);
      expect(await throttle.retryAfterMs("bob|1.2.3.4")).toBe(0);
      await throttle.recordSuccess("bob|1.2.3.4");
      expect(await throttle.retryAfterMs("alice|1.2.3.4")).toBe(60_000);
    });

    it("keeps throttles of different scopes apart on the same table, even for a look-alike key", async () => {
      const perAddress = setup(3, 60_000, "address");
      const perAccount = setup(3, 60_000, "account");
      // An "email" typed to look like another throttle's key must not count against that key.
      for (let i = 0; i < 3; i++) await perAccount.recordFailure("alice@example.com|any-address");
      expect(await perAccount.retryAfterMs("alice@example.com|any-address")).toBe(60_000);
      expect(await perAddress.retryAfterMs("alice@example.com|any-address")).toBe(0);
      await perAddress.recordSuccess("alice@example.com|any-address");
      expect(await perAccount.retryAfterMs("alice@example.com|any-address")).toBe(60_000);
    });

    it("is shared by every instance on the same database, and outlives the object that counted", async () => {
      for (let i = 0; i < 3; i++) await setup(3).recordFailure("k");
      expect(await setup(3).retryAfterMs("k")).toBe(60_000);
    });

    it("prunes failures older than the longest window, a bounded batch per failure, and stays correct", async () => {
      const throttle = setup(2, 1000);
      const old = Math.floor(PRUNE_BATCH * 1.5);
      for (let i = 0; i < old; i++) await throttle.recordFailure(`old-${i}`);
      clock.advance(SIGN_IN_WINDOW_MS - 500);
      await throttle.recordFailure("current");
      await throttle.recordFailure("current");
      expect(await rowCount()).toBe(old + 2);

      clock.advance(500); // the old failures are now exactly SIGN_IN_WINDOW_MS old: beyond every window
      await throttle.recordFailure("trigger-1");
      expect(await rowCount()).toBe(old + 3 - PRUNE_BATCH);
      expect(await throttle.retryAfterMs("current")).toBe(500);
      await throttle.recordFailure("trigger-2");
      expect(await rowCount()).toBe(4);
      expect(await throttle.retryAfterMs("old-1")).toBe(0);
      expect(await throttle.retryAfterMs("current")).toBe(500);
    });

    it("reserves exactly the tries left when many arrive at once, and refuses the rest with the wait", async () => {
      const throttle = setup(10);
      // Two instances' objects on one database: the count is the database's, not an object's.
      const other = setup(10);
      const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? throttle : other).reserve("k")));
      expect(outcomes.filter((outcome) => outcome.reserved)).toHaveLength(10);
      for (const outcome of outcomes) if (!outcome.reserved) expect(outcome.retryAfterMs).toBe(60_000);
      expect(await throttle.retryAfterMs("k")).toBe(60_000);
      expect(await throttle.retryAfterMs("another")).toBe(0);
    });

    it("takes a reserved try back on withdraw (and ignores a refused one)", async () => {
      const throttle = setup(2);
      const first = await throttle.reserve("k");
      const second = await throttle.reserve("k");
      const third = await throttle.reserve("k");
      expect([first.reserved, second.reserved, third.reserved]).toEqual([true, true, false]);
      await throttle.withdraw(third);
      await throttle.withdraw(second);
      expect(await throttle.retryAfterMs("k")).toBe(0);
      expect(await rowCount()).toBe(1);
    });

    it("unlockAccount lifts an account's limits from every address and account-wide, and nobody else's", async () => {
      const byAddress = setup(2, 60_000, "address");
      const accountWide = setup(2, 60_000, "account");
      for (const key of ["alice@example.com|10.0.0.1", "alice@example.com|10.0.0.2", "al_ce@example.com|10.0.0.1"]) {
        await byAddress.recordFailure(key);
        await byAddress.recordFailure(key);
      }
      for (const key of ["alice@example.com", "xalice@example.com", "bob@example.com"]) {
        await accountWide.recordFailure(key);
        await accountWide.recordFailure(key);
      }
      expect(await unlockAccount(database.db, " Alice@Example.com ")).toBe(6);
      expect(await byAddress.retryAfterMs("alice@example.com|10.0.0.1")).toBe(0);
      expect(await byAddress.retryAfterMs("alice@example.com|10.0.0.2")).toBe(0);
      expect(await accountWide.retryAfterMs("alice@example.com")).toBe(0);
      // Look-alikes (a LIKE wildcard in the address, a longer address ending the same) stay locked.
      expect(await byAddress.retryAfterMs("al_ce@example.com|10.0.0.1")).toBeGreaterThan(0);
      expect(await accountWide.retryAfterMs("xalice@example.com")).toBeGreaterThan(0);
      expect(await accountWide.retryAfterMs("bob@example.com")).toBeGreaterThan(0);
      expect(await unlockAccount(database.db, "alice@example.com")).toBe(0);
    });

    it("keeps failures still inside the longest window even when its own window is shorter", async () => {
      const short = setup(2, 1000);
      const long = setup(2, SIGN_IN_WINDOW_MS);
      await long.recordFailure("k");
      await long.recordFailure("k");
      clock.advance(SIGN_IN_WINDOW_MS - 1);
      await short.recordFailure("other");
      expect(await long.retryAfterMs("k")).toBe(1);
    });
  });
});
