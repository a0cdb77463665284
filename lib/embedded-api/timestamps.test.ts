import { describe, expect, it } from "vitest";
import { seededRandom } from "./random";
import { NAIVE_UTC_MICROS, referenceFormat, T0_US } from "./testing";
import { epochMicrosFromDate, formatNaiveUtcMicros } from "./timestamps";

describe("formatNaiveUtcMicros", () => {
  it("formats the seed document's example", () => {
    // 2025-12-02T23:51:49Z is 1764719509 s after the epoch (computed by hand: 20424 days + 85909 s).
    expect(20424 * 86400 + 23 * 3600 + 51 * 60 + 49).toBe(1764719509);
    expect(formatNaiveUtcMicros(1764719509 * 1_000_000 + 807119)).toBe("2025-12-02T23:51:49.807119");
    expect(formatNaiveUtcMicros(T0_US)).toBe("2025-12-02T23:51:49.807119");
  });

  it("keeps leading zeros in the fractional digits", () => {
    const s = 1764719509 * 1_000_000;
    expect(formatNaiveUtcMicros(s)).toBe("2025-12-02T23:51:49.000000");
    expect(formatNaiveUtcMicros(s + 1)).toBe("2025-12-02T23:51:49.000001");
    expect(formatNaiveUtcMicros(s + 999)).toBe("2025-12-02T23:51:49.000999");
    expect(formatNaiveUtcMicros(s + 1000)).toBe("2025-12-02T23:51:49.001000");
    expect(formatNaiveUtcMicros(s + 10_010)).toBe("2025-12-02T23:51:49.010010");
    expect(formatNaiveUtcMicros(s + 999_999)).toBe("2025-12-02T23:51:49.999999");
    expect(formatNaiveUtcMicros(s + 1_000_000)).toBe("2025-12-02T23:51:50.000000");
  });

  it("handles the epoch, year and leap-day boundaries", () => {
    expect(formatNaiveUtcMicros(0)).toBe("1970-01-01T00:00:00.000000");
    expect(formatNaiveUtcMicros(1)).toBe("1970-01-01T00:00:00.000001");
    expect(formatNaiveUtcMicros(Date.UTC(2024, 1, 29, 12, 0, 0) * 1000 + 5)).toBe("2024-02-29T12:00:00.000005");
    expect(formatNaiveUtcMicros(Date.UTC(2025, 0, 1) * 1000 - 1)).toBe("2024-12-31T23:59:59.999999");
  });

  it("agrees with an independent formatter on many values", () => {
    const random = seededRandom(7);
    for (let i = 0; i < 2000; i++) {
      // Anywhere from 1970 to about 2100, with arbitrary microseconds.
      const us = Math.floor(random() * 4_102_444_800) * 1_000_000 + Math.floor(random() * 1_000_000);
      const formatted = formatNaiveUtcMicros(us);
      expect(formatted).toMatch(NAIVE_UTC_MICROS);
      expect(formatted).toBe(referenceFormat(us));
    }
  });

  it("rejects non-integer and unsafe input", () => {
    expect(() => formatNaiveUtcMicros(1.5)).toThrow(RangeError);
    expect(() => formatNaiveUtcMicros(Number.NaN)).toThrow(RangeError);
    expect(() => formatNaiveUtcMicros(2 ** 53)).toThrow(RangeError);
  });

  it("epochMicrosFromDate round-trips with the formatter at millisecond precision", () => {
    const date = new Date("2025-12-02T23:51:49.807Z");
    expect(epochMicrosFromDate(date)).toBe(1764719509807000);
    expect(formatNaiveUtcMicros(epochMicrosFromDate(date))).toBe("2025-12-02T23:51:49.807000");
  });
});
