import { afterEach, describe, expect, it, vi } from "vitest";
import { freshnessOf, staleAfterMs } from "./freshness";
import { initialSyncState } from "./sync-state";

afterEach(() => vi.unstubAllEnvs());

describe("staleAfterMs", () => {
  it("is a minute by default, four head intervals when the head is read less often", () => {
    vi.stubEnv("SYNC_HEAD_INTERVAL_MS", "");
    expect(staleAfterMs()).toBe(60_000);
    vi.stubEnv("SYNC_HEAD_INTERVAL_MS", "30000");
    expect(staleAfterMs()).toBe(120_000);
  });

  it("falls back to a minute when the setting is invalid", () => {
    vi.stubEnv("SYNC_HEAD_INTERVAL_MS", "soon");
    expect(staleAfterMs()).toBe(60_000);
  });

  it("decides when a mirror whose head was read long ago counts as failing", () => {
    const state = { ...initialSyncState("scope"), lastHeadSuccessMs: 0, backfillCompletedMs: 0 };
    expect(freshnessOf(state, 90_000, 120_000).state).toBe("current");
    expect(freshnessOf(state, 90_000, 60_000).state).toBe("failing");
  });
});
