import { describe, expect, it } from "vitest";
import type { SyncFreshness } from "@/lib/migrations/views";
import { isSyncFreshness, newestFreshness } from "./newest-freshness";

const fetched: SyncFreshness = { synced_at: "2026-11-29T10:00:00.000Z", state: "current", partial: false };
const pushed: SyncFreshness = { ...fetched, state: "failing" };

describe("newestFreshness", () => {
  it("shows what was pushed after the last fetch, and the fetch once it is newer", () => {
    expect(newestFreshness(fetched, 1_000, { value: pushed, receivedMs: 1_500 })).toBe(pushed);
    expect(newestFreshness(fetched, 2_000, { value: pushed, receivedMs: 1_500 })).toBe(fetched);
  });

  it("shows the fetched one when nothing was pushed, and nothing before the first answer", () => {
    expect(newestFreshness(fetched, 1_000, undefined)).toBe(fetched);
    expect(newestFreshness(undefined, 0, { value: pushed, receivedMs: 1_500 })).toBeUndefined();
  });
});

describe("isSyncFreshness", () => {
  it.each([
    [fetched, true],
    [{ synced_at: null, state: "starting", partial: true }, true],
    [{ ...fetched, state: "sleeping" }, false],
    [{ ...fetched, synced_at: 12 }, false],
    [{ state: "current", synced_at: null }, false],
    [null, false],
    ["current", false],
  ])("%j → %s", (value, expected) => {
    expect(isSyncFreshness(value)).toBe(expected);
  });
});
