import { describe, expect, it } from "vitest";
import { reportedStatusWins, statusRank } from "./status-rank";
import { KNOWN_STATUSES } from "./statuses";

describe("statusRank", () => {
  it("orders not started < running < final, with unknown statuses counted as running", () => {
    const ranks = Object.fromEntries(KNOWN_STATUSES.map((status) => [status, statusRank(status)]));
    expect(ranks).toEqual({
      NOT_STARTED: 0,
      NOT_READY: 0,
      WORKING: 1,
      PENDING_USER_INPUT: 1,
      COMPLETE: 2,
      FAILED: 2,
      COMPLETED_WITH_FAILURES: 2,
      LOGIN_ABANDONED: 2,
    });
    expect(statusRank("SOMETHING_NEW")).toBe(1);
  });
});

describe("reportedStatusWins", () => {
  const at = (status: string, observedMs: number) => ({ status, observedMs });
  const report = (status: string, eventMs: number) => ({ status, eventMs });

  it("moves forward whatever the times say: a later stage can only have come later", () => {
    expect(reportedStatusWins(at("NOT_STARTED", 100), report("WORKING", 50))).toBe(true);
    expect(reportedStatusWins(at("WORKING", 100), report("FAILED", 50))).toBe(true);
    expect(reportedStatusWins(at("PENDING_USER_INPUT", 100), report("COMPLETED_WITH_FAILURES", 200))).toBe(true);
    expect(reportedStatusWins(at("SOMETHING_NEW", 100), report("COMPLETE", 50))).toBe(true);
  });

  it("never moves back: a late started or created after the end, a late created after the start", () => {
    for (const final of ["COMPLETE", "FAILED", "COMPLETED_WITH_FAILURES", "LOGIN_ABANDONED"]) {
      expect(reportedStatusWins(at(final, 100), report("WORKING", 200)), final).toBe(false);
      expect(reportedStatusWins(at(final, 100), report("NOT_STARTED", 200)), final).toBe(false);
    }
    expect(reportedStatusWins(at("PENDING_USER_INPUT", 100), report("NOT_STARTED", 200))).toBe(false);
  });

  it("never changes one final status into another", () => {
    expect(reportedStatusWins(at("FAILED", 100), report("COMPLETE", 200))).toBe(false);
    expect(reportedStatusWins(at("COMPLETE", 100), report("COMPLETED_WITH_FAILURES", 200))).toBe(false);
  });

  it("between running statuses, only a report newer than the mirror's own observation wins", () => {
    expect(reportedStatusWins(at("PENDING_USER_INPUT", 100), report("WORKING", 99))).toBe(false);
    expect(reportedStatusWins(at("PENDING_USER_INPUT", 100), report("WORKING", 100))).toBe(false);
    expect(reportedStatusWins(at("PENDING_USER_INPUT", 100), report("WORKING", 101))).toBe(true);
  });

  it("changes nothing when the status is the same", () => {
    expect(reportedStatusWins(at("FAILED", 100), report("FAILED", 200))).toBe(false);
    expect(reportedStatusWins(at("WORKING", 100), report("WORKING", 200))).toBe(false);
  });
});
