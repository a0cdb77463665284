import { describe, expect, it } from "vitest";
import { SignInThrottle } from "./sign-in-throttle";

function setup(maxFailures = 3, windowMs = 60_000) {
  const clock = { now: 1_000_000 };
  const throttle = new SignInThrottle(maxFailures, windowMs, () => clock.now);
  return { throttle, clock };
}

describe("SignInThrottle", () => {
  it("defaults to 10 failures in 15 minutes", () => {
    const throttle = new SignInThrottle();
    expect(throttle.maxFailures).toBe(10);
    expect(throttle.windowMs).toBe(900_000);
  });

  it("lets a key try while it has fewer failures than the limit", () => {
    const { throttle, clock } = setup(3);
    expect(throttle.retryAfterMs("k")).toBe(0);
    throttle.recordFailure("k");
    clock.now += 10;
    throttle.recordFailure("k");
    expect(throttle.retryAfterMs("k")).toBe(0);
  });

  it("locks a key at the limit until the oldest counted failure leaves the window", () => {
    const { throttle, clock } = setup(3, 60_000);
    throttle.recordFailure("k"); // t = 1_000_000
    clock.now += 1000;
    throttle.recordFailure("k"); // t = 1_001_000
    clock.now += 1000;
    throttle.recordFailure("k"); // t = 1_002_000
    expect(throttle.retryAfterMs("k")).toBe(58_000);
    clock.now += 57_999;
    expect(throttle.retryAfterMs("k")).toBe(1);
    clock.now += 1; // the first failure is exactly windowMs old: out of the window
    expect(throttle.retryAfterMs("k")).toBe(0);
    // One more failure locks again, until the second failure leaves the window.
    throttle.recordFailure("k");
    expect(throttle.retryAfterMs("k")).toBe(1_001_000 + 60_000 - clock.now);
  });

  it("counts only failures inside the window", () => {
    const { throttle, clock } = setup(3, 60_000);
    throttle.recordFailure("k");
    throttle.recordFailure("k");
    clock.now += 60_000;
    throttle.recordFailure("k");
    expect(throttle.retryAfterMs("k")).toBe(0);
  });

  it("with more failures than the limit, waits for the one that brings the count below it", () => {
    const { throttle, clock } = setup(2, 10_000);
    for (const step of [0, 1000, 1000, 1000]) {
      clock.now += step;
      throttle.recordFailure("k");
    }
    // Failures at +0, +1000, +2000, +3000 (now): the last 2 are at +2000 and +3000.
    expect(throttle.retryAfterMs("k")).toBe(2000 + 10_000 - 3000);
  });

  it("resets a key on success", () => {
    const { throttle } = setup(3);
    for (let i = 0; i < 3; i++) throttle.recordFailure("k");
    expect(throttle.retryAfterMs("k")).toBeGreaterThan(0);
    throttle.recordSuccess("k");
    expect(throttle.retryAfterMs("k")).toBe(0);
    throttle.recordFailure("k");
    throttle.recordFailure("k");
    expect(throttle.retryAfterMs("k")).toBe(0);
  });

  it("keeps keys independent", () => {
    const { throttle } = setup(3);
    for (let i = 0; i < 3; i++) throttle.recordFailure("alice|1.2.3.4");
    expect(throttle.retryAfterMs("alice|1.2.3.4")).toBe(60_000);
    expect(throttle.retryAfterMs("alice|5.6.7.8")).toBe(0);
    expect(throttle.retryAfterMs("bob|1.2.3.4")).toBe(0);
    throttle.recordSuccess("bob|1.2.3.4");
    expect(throttle.retryAfterMs("alice|1.2.3.4")).toBe(60_000);
  });

  it("stays correct when pruning many keys", () => {
    const { throttle, clock } = setup(2, 1000);
    for (let i = 0; i < 10_001; i++) throttle.recordFailure(`old-${i}`);
    clock.now += 500;
    throttle.recordFailure("current");
    throttle.recordFailure("current");
    clock.now += 600; // the old failures have left the window
    throttle.recordFailure("trigger-prune");
    expect(throttle.retryAfterMs("current")).toBe(1_000_500 + 1000 - clock.now);
    expect(throttle.retryAfterMs("old-1")).toBe(0);
  });
});
