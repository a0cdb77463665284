import { describe, expect, it } from "vitest";
import { describeProgress, formatAge, formatEta, partialMark } from "./freshness-format";
import { stuckHint, stuckText } from "./status-catalogue";
import type { SyncFreshness } from "./views";

const backfilling = (progress: SyncFreshness["progress"]): SyncFreshness => ({
  synced_at: null,
  state: "backfilling",
  partial: true,
  ...(progress ? { progress } : {}),
});

describe("describeProgress", () => {
  it("gives the count, the upstream's total as an estimate, the time left and the rate", () => {
    expect(
      describeProgress(
        backfilling({ rows_read: 34_000, estimated_total: 100_000, rate_per_second: 450.4, eta_seconds: 147 }),
      ),
    ).toEqual({
      headline: "Reading migrations: 34,000 of ~100,000",
      eta: "about 3 min left",
      rate: "450 per second",
      fraction: 0.34,
    });
  });

  it("leaves out what is not known: no total, no estimate; no rate yet", () => {
    expect(describeProgress(backfilling({ rows_read: 1_200, rate_per_second: 80 }))).toEqual({
      headline: "Reading migrations: 1,200 so far",
      rate: "80 per second",
    });
    expect(describeProgress(backfilling({ rows_read: 0, estimated_total: 5_000 }))).toEqual({
      headline: "Reading migrations: 0 of ~5,000",
      fraction: 0,
    });
    expect(describeProgress(backfilling(undefined))).toEqual({ headline: "Reading migrations: starting" });
  });
});

describe("formatEta and formatAge", () => {
  it.each([
    [3, "a few seconds left"],
    [41, "about 50 s left"],
    [60, "about 1 min left"],
    [61, "about 2 min left"],
    [3_600, "about 1 h left"],
    [3_900, "about 1 h 5 min left"],
  ])("%i s is %s", (seconds, text) => {
    expect(formatEta(seconds)).toBe(text);
  });

  it("counts seconds under a minute, then minutes", () => {
    expect(formatAge(-500)).toBe("0 s");
    expect(formatAge(4_900)).toBe("4 s");
    expect(formatAge(59_999)).toBe("59 s");
    expect(formatAge(12 * 60_000)).toBe("12 min");
  });

  it("marks partial views by why they are partial", () => {
    expect(partialMark(backfilling(undefined))).toBe("partial: still reading");
    expect(partialMark({ ...backfilling(undefined), state: "failing" })).toBe("partial: reading interrupted");
  });
});

describe("stuckHint", () => {
  const hour = 3_600_000;
  const now = 1_000 * hour;
  const created = now - 9 * hour;

  it("measures the time in the status when it is known", () => {
    expect(stuckHint("WORKING", created, now - 7 * hour, now)).toEqual({ basis: "status", ms: 7 * hour });
    expect(stuckText("WORKING", { basis: "status", ms: 7 * hour })).toBe("in WORKING for 7 h 0 min");
  });

  it("is not stuck when the status is recent, however old the migration", () => {
    expect(stuckHint("WORKING", now - 300 * hour, now - 60_000, now)).toBeUndefined();
  });

  it("falls back to the age, and says so", () => {
    expect(stuckHint("WORKING", created, undefined, now)).toEqual({ basis: "created", ms: 9 * hour });
    expect(stuckText("WORKING", { basis: "created", ms: 9 * hour })).toBe("created 9 h 0 min ago");
  });

  it("never hints for final or unknown statuses", () => {
    expect(stuckHint("COMPLETE", created, undefined, now)).toBeUndefined();
    expect(stuckHint("SOMETHING_NEW", created, undefined, now)).toBeUndefined();
  });
});
