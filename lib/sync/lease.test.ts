import { describe, expect, it } from "vitest";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { leaseHolder, releaseLease, tryHoldLease } from "./lease";

const LEASE = "sync";
const LEASE_MS = 20_000;
const T0 = Date.UTC(2026, 0, 1);

describe.each(TEST_ENGINES)("sync lease (%s)", (engine) => {
  const app = appDatabasePerTest(engine);
  const hold = (holder: string, nowMs: number, name = LEASE) => tryHoldLease(app().db, name, holder, LEASE_MS, nowMs);

  it("has one holder at a time: the first instance gets it, the second is refused until it expires", async () => {
    expect(await leaseHolder(app().db, LEASE, T0)).toBeUndefined();
    expect(await hold("a", T0)).toBe(true);
    expect(await hold("b", T0)).toBe(false);
    expect(await hold("b", T0 + LEASE_MS - 1)).toBe(false);
    // Expired means strictly past expiry: at that very millisecond it is still held.
    expect(await hold("b", T0 + LEASE_MS)).toBe(false);
    expect(await leaseHolder(app().db, LEASE, T0 + 1)).toEqual({ holder: "a", expiresMs: T0 + LEASE_MS });
    expect(await leaseHolder(app().db, LEASE, T0 + LEASE_MS)).toEqual({ holder: "a", expiresMs: T0 + LEASE_MS });
  });

  it("lets the holder renew, moving the expiry on", async () => {
    expect(await hold("a", T0)).toBe(true);
    expect(await hold("a", T0 + 5_000)).toBe(true);
    expect(await leaseHolder(app().db, LEASE, T0 + 5_000)).toEqual({ holder: "a", expiresMs: T0 + 5_000 + LEASE_MS });
    // Past the first expiry, but not the renewed one.
    expect(await hold("b", T0 + LEASE_MS + 1)).toBe(false);
    expect(await leaseHolder(app().db, LEASE, T0 + LEASE_MS + 1)).toMatchObject({ holder: "a" });
  });

  it("hands an expired lease to the next instance, and the old holder cannot renew it", async () => {
    expect(await hold("a", T0)).toBe(true);
    expect(await leaseHolder(app().db, LEASE, T0 + LEASE_MS + 1)).toBeUndefined();
    expect(await hold("b", T0 + LEASE_MS + 1)).toBe(true);
    expect(await hold("a", T0 + LEASE_MS + 2)).toBe(false);
    expect(await leaseHolder(app().db, LEASE, T0 + LEASE_MS + 2)).toEqual({
      holder: "b",
      expiresMs: T0 + LEASE_MS + 1 + LEASE_MS,
    });
    // A holder that lost it may take it again once the new holder's lease runs out.
    expect(await hold("a", T0 + 2 * LEASE_MS + 2)).toBe(true);
  });

  it("hands over at once on release; only the holder can release", async () => {
    expect(await hold("a", T0)).toBe(true);
    await releaseLease(app().db, LEASE, "b");
    expect(await leaseHolder(app().db, LEASE, T0 + 1)).toMatchObject({ holder: "a" });
    expect(await hold("b", T0 + 1)).toBe(false);

    await releaseLease(app().db, LEASE, "a");
    expect(await leaseHolder(app().db, LEASE, T0 + 2)).toBeUndefined();
    expect(await hold("b", T0 + 2)).toBe(true);
    expect(await leaseHolder(app().db, LEASE, T0 + 2)).toEqual({ holder: "b", expiresMs: T0 + 2 + LEASE_MS });
    // Releasing a lease one no longer holds changes nothing.
    await releaseLease(app().db, LEASE, "a");
    expect(await hold("a", T0 + 3)).toBe(false);
  });

  it("keeps leases of different names apart", async () => {
    expect(await hold("a", T0, "one")).toBe(true);
    expect(await hold("b", T0, "two")).toBe(true);
    await releaseLease(app().db, "one", "a");
    expect(await leaseHolder(app().db, "one", T0)).toBeUndefined();
    expect(await leaseHolder(app().db, "two", T0)).toMatchObject({ holder: "b" });
    expect(await leaseHolder(app().db, "never-held", T0)).toBeUndefined();
  });

  it("gives a fresh lease to exactly one of many instances asking at the same moment", async () => {
    for (let round = 0; round < 5; round++) {
      const nowMs = T0 + round * 10 * LEASE_MS;
      const name = `race-${round}`;
      const instances = Array.from({ length: 8 }, (_, i) => `instance-${i}`);
      const results = await Promise.all(instances.map((holder) => hold(holder, nowMs, name)));
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = instances[results.indexOf(true)];
      expect(await leaseHolder(app().db, name, nowMs)).toMatchObject({ holder: winner });

      // Again once it has expired: still exactly one, whoever it is.
      const later = nowMs + LEASE_MS + 1;
      const again = await Promise.all(instances.map((holder) => hold(holder, later, name)));
      expect(again.filter(Boolean)).toHaveLength(1);
    }
  });
});
