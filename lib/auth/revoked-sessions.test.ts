import { describe, expect, it } from "vitest";
import { RevokedSessions } from "./revoked-sessions";

describe("RevokedSessions", () => {
  it("refuses a revoked token id and only that one", () => {
    const sessions = new RevokedSessions(() => 0);
    sessions.revoke("a", 1000);
    expect(sessions.isRevoked("a")).toBe(true);
    expect(sessions.isRevoked("b")).toBe(false);
    expect(sessions.isRevoked(undefined)).toBe(false);
  });

  it("forgets expired entries when it grows, and keeps live ones", () => {
    let now = 0;
    const sessions = new RevokedSessions(() => now);
    sessions.revoke("live", 10_000);
    for (let i = 0; i < 1000; i++) sessions.revoke(`old-${i}`, 500);
    now = 1000;
    sessions.revoke("trigger", 10_000);
    expect(sessions.isRevoked("old-1")).toBe(false);
    expect(sessions.isRevoked("live")).toBe(true);
    expect(sessions.isRevoked("trigger")).toBe(true);
  });
});
