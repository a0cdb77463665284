import { describe, expect, it } from "vitest";
import { normalizeCreated } from "./created-time";

describe("normalizeCreated", () => {
  it.each([
    ["2025-12-02T23:51:49.807119", "2025-12-02T23:51:49.807Z"],
    ["2025-12-02T23:51:49.807119Z", "2025-12-02T23:51:49.807Z"],
    ["2025-12-02T23:51:49.807119+00:00", "2025-12-02T23:51:49.807Z"],
    ["2025-12-02T23:51:49", "2025-12-02T23:51:49.000Z"],
    ["2025-12-02T23:51:49.8", "2025-12-02T23:51:49.800Z"],
    ["2025-12-03T01:51:49.807119+02:00", "2025-12-02T23:51:49.807Z"],
    ["2025-12-02T18:51:49.807-0500", "2025-12-02T23:51:49.807Z"],
  ])("%s is %s in UTC", (raw, expected) => {
    expect(normalizeCreated(raw)).toBe(expected);
  });

  it("reads a zone-less value as UTC whatever the machine's zone", () => {
    // Date would read this as local time; the result must not depend on TZ.
    expect(Date.parse(normalizeCreated("2025-06-01T00:00:00.000001") as string)).toBe(Date.UTC(2025, 5, 1));
  });

  it.each(["", "yesterday", "2025-13-40T99:00:00", "2025-12-02", "1733183509"])("rejects %j", (raw) => {
    expect(normalizeCreated(raw)).toBeUndefined();
  });
});
