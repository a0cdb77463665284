import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { clockFor } from "./use-now";

describe("the shared clock behind useNow", () => {
  beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
  afterEach(() => vi.useRealTimers());

  it("is one clock with one subscribe function per interval (a new function per render made React loop)", () => {
    expect(clockFor(1234)).toBe(clockFor(1234));
    expect(clockFor(1234).subscribe).toBe(clockFor(1234).subscribe);
    expect(clockFor(1234)).not.toBe(clockFor(4321));
  });

  it("reads a stable time between ticks and notifies every listener on each tick", () => {
    const clock = clockFor(500);
    const listener = vi.fn();
    const unsubscribe = clock.subscribe(listener);
    const first = clock.read();
    vi.advanceTimersByTime(499);
    expect(clock.read()).toBe(first);
    expect(listener).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(clock.read()).toBe(first + 500);
    unsubscribe();
  });

  it("stops its timer when the last listener leaves, and reads the time afresh when one comes back", () => {
    const clock = clockFor(700);
    const listener = vi.fn();
    clock.subscribe(listener)();
    vi.advanceTimersByTime(10_000);
    expect(listener).not.toHaveBeenCalled();
    const unsubscribe = clock.subscribe(listener);
    expect(clock.read()).toBe(Date.now());
    unsubscribe();
  });
});
