import { CompiledQuery } from "kysely";
import { describe, expect, it } from "vitest";
import type { Migration } from "@/lib/migrations/migration";
import { recordReportedStatus } from "@/lib/mirror/record-event";
import { recordObservedMigrations } from "@/lib/mirror/record-observations";
import { createdAt, mirrorTestMigration } from "@/lib/mirror/testing";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { ALERT_RULES } from "./rule-catalogue";
import { findAlertCandidates, type RuleSettings, ruleQueries, stuckThresholds } from "./rules";

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 5, 1, 12);
/** The window's start: alerting looks at what happened from here on. */
const FROM = T0 + 10 * HOUR;
const NOW = FROM + HOUR;
const ALL: RuleSettings = { rules: [...ALERT_RULES], pendingUserInputHours: 2 };

/** A migration created at `createdMs` (epoch ms). */
function migration(status: string, createdMs: number, overrides: Partial<Migration> = {}): Migration {
  return { ...mirrorTestMigration({ status }), ...createdAt(createdMs * 1000), ...overrides };
}

describe("stuckThresholds", () => {
  it("are the list's hint thresholds for running statuses, waiting for the user aside (it has its own rule)", () => {
    expect(stuckThresholds()).toEqual([
      { status: "NOT_STARTED", afterMs: HOUR },
      { status: "NOT_READY", afterMs: 6 * HOUR },
      { status: "WORKING", afterMs: 6 * HOUR },
    ]);
  });
});

describe.each(TEST_ENGINES)("alert rules over the mirror (%s)", (engine) => {
  const app = appDatabasePerTest(engine);
  const observe = (migrations: Migration[], nowMs: number) =>
    recordObservedMigrations(app().db, migrations, { source: "sync", nowMs });
  const find = (settings: RuleSettings = ALL, window = { fromMs: FROM, nowMs: NOW }) =>
    findAlertCandidates(app().db, settings, window);
  const summary = async (settings?: RuleSettings, window?: { fromMs: number; nowMs: number }) =>
    (await find(settings, window)).map((c) => [c.rule, c.migrationId, c.sinceKind, c.sinceMs]);

  it("fires failed and completed_with_failures for statuses observed, or first seen, from the window's start on", async () => {
    const changedInWindow = migration("WORKING", T0);
    const changedBefore = migration("WORKING", T0);
    const firstSeenInWindow = migration("COMPLETED_WITH_FAILURES", T0);
    const firstSeenBefore = migration("FAILED", T0);
    const failedThenRetried = migration("WORKING", T0);
    await observe([changedInWindow, changedBefore, failedThenRetried, firstSeenBefore], T0 + HOUR);
    await observe([{ ...changedBefore, status: "FAILED" }], FROM - 1);
    await observe(
      [
        { ...changedInWindow, status: "FAILED" },
        { ...failedThenRetried, status: "FAILED" },
      ],
      FROM,
    );
    await observe([firstSeenInWindow], FROM + 5);
    // Still FAILED is what counts: one that moved on since is not alerted.
    await observe([{ ...failedThenRetried, status: "WORKING" }], FROM + 10);

    expect(await summary()).toEqual([
      ["failed", changedInWindow.id, "status", FROM],
      ["completed_with_failures", firstSeenInWindow.id, "first_seen", FROM + 5],
    ]);
    expect(await find()).toContainEqual({
      migrationId: changedInWindow.id,
      rule: "failed",
      status: "FAILED",
      companyId: changedInWindow.companyId,
      createdByUserId: changedInWindow.createdByUserId,
      sinceMs: FROM,
      sinceKind: "status",
    });
  });

  it("carries the reason a webhook reported with the failure, and none where nothing reported one", async () => {
    const withReason = migration("WORKING", T0);
    const without = migration("WORKING", T0);
    await observe([withReason, without], T0 + HOUR);
    await observe([{ ...without, status: "FAILED" }], FROM + 1);
    const reported = await recordReportedStatus(app().db, {
      migrationId: withReason.id,
      status: "FAILED",
      errorMessage: "Source mailbox is over quota",
      eventMs: FROM + 2,
      nowMs: FROM + 2,
    });
    expect(reported).toBe("applied");
    const reasons = new Map((await find()).map((candidate) => [candidate.migrationId, candidate.reason]));
    expect(reasons).toEqual(
      new Map([
        [without.id, undefined],
        [withReason.id, "Source mailbox is over quota"],
      ]),
    );
  });

  it("leaves out a migration already alerted for that rule, and rules that are not enabled", async () => {
    const a = migration("WORKING", T0);
    const b = migration("WORKING", T0);
    await observe([a, b], T0);
    await observe(
      [
        { ...a, status: "FAILED" },
        { ...b, status: "COMPLETED_WITH_FAILURES" },
      ],
      FROM + 1,
    );
    await app()
      .db.insertInto("alerts")
      .values({
        migration_id: a.id,
        rule: "failed",
        status: "FAILED",
        company_id: null,
        created_by_user_id: "u",
        since_ms: FROM + 1,
        since_kind: "status",
        fired_ms: FROM + 2,
        reason: null,
      })
      .execute();
    expect(await summary()).toEqual([["completed_with_failures", b.id, "status", FROM + 1]]);
    expect(await summary({ ...ALL, rules: ["failed", "may_be_stuck"] })).toEqual([]);
  });

  it("limits alerts to the configured companies (a migration without a company is then left out)", async () => {
    const acme = migration("WORKING", T0, { companyId: "cmp_acme" });
    const globex = migration("WORKING", T0, { companyId: "cmp_globex" });
    const none = migration("WORKING", T0, { companyId: null });
    await observe([acme, globex, none], T0);
    await observe(
      [acme, globex, none].map((m) => ({ ...m, status: "FAILED" })),
      FROM + 1,
    );
    expect((await find({ ...ALL, companies: ["cmp_acme", "cmp_initech"] })).map((c) => c.migrationId)).toEqual([
      acme.id,
    ]);
    expect(await find()).toHaveLength(3);
  });

  it("fires pending_user_input when the wait crosses N hours within the window, from the observed start or else creation", async () => {
    const N = 2 * HOUR;
    const crossedInWindow = migration("WORKING", T0);
    const crossesLater = migration("WORKING", T0);
    const crossedBefore = migration("WORKING", T0);
    await observe([crossedInWindow, crossesLater, crossedBefore], T0);
    await observe([{ ...crossedInWindow, status: "PENDING_USER_INPUT" }], FROM - N + 30);
    await observe([{ ...crossesLater, status: "PENDING_USER_INPUT" }], NOW - N + 1);
    await observe([{ ...crossedBefore, status: "PENDING_USER_INPUT" }], FROM - N - 1);
    // Already waiting when first seen: measured from creation.
    const createdCrossing = migration("PENDING_USER_INPUT", NOW - N - 60_000);
    const createdLongAgo = migration("PENDING_USER_INPUT", FROM - N - 60_000);
    await observe([createdCrossing, createdLongAgo], NOW - 1);

    expect(await summary({ ...ALL, rules: ["pending_user_input"] })).toEqual([
      ["pending_user_input", crossedInWindow.id, "status", FROM - N + 30],
      ["pending_user_input", createdCrossing.id, "created", NOW - N - 60_000],
    ]);
    // With 4 hours instead, neither has waited long enough.
    expect(await summary({ ...ALL, rules: ["pending_user_input"], pendingUserInputHours: 4 })).toEqual([]);
  });

  it("fires may_be_stuck at each running status's threshold, never for waiting on the user or a final status", async () => {
    const working = migration("NOT_STARTED", T0);
    await observe([working], T0);
    await observe([{ ...working, status: "WORKING" }], FROM - 6 * HOUR + 1);
    const notStarted = migration("NOT_STARTED", FROM - HOUR + 2);
    const waiting = migration("PENDING_USER_INPUT", FROM - 24 * HOUR + 3);
    const complete = migration("COMPLETE", FROM - 24 * HOUR + 3);
    const unknown = migration("SOMETHING_NEW", FROM - 24 * HOUR + 3);
    const workingTooSoon = migration("WORKING", NOW - 6 * HOUR + 1);
    await observe([notStarted, waiting, complete, unknown, workingTooSoon], FROM - 1);

    expect(await summary({ ...ALL, rules: ["may_be_stuck"] })).toEqual([
      ["may_be_stuck", working.id, "status", FROM - 6 * HOUR + 1],
      ["may_be_stuck", notStarted.id, "created", FROM - HOUR + 2],
    ]);
  });

  it("finds nothing in an empty window, and nothing from before it", async () => {
    const m = migration("WORKING", T0);
    await observe([m], T0);
    await observe([{ ...m, status: "FAILED" }], FROM - 1);
    expect(await find(ALL, { fromMs: FROM, nowMs: FROM })).toEqual([]);
  });

  if (engine === "sqlite") {
    it("reads each rule through the index on what changed in the window, never by scanning the mirror or a status", async () => {
      // Rows in every status, so that the planner has indexes on status and company to be tempted by.
      await observe(
        Array.from({ length: 200 }, (_, i) =>
          migration(["FAILED", "WORKING", "PENDING_USER_INPUT", "COMPLETE"][i % 4] ?? "COMPLETE", T0, {
            companyId: "cmp_acme",
          }),
        ),
        T0,
      );
      const queries = ruleQueries(app().db, { ...ALL, companies: ["cmp_acme"] }, { fromMs: FROM, nowMs: NOW });
      expect(new Set(queries.map((q) => q.rule))).toEqual(new Set(ALERT_RULES));
      const expectedIndex = {
        status: "mirror_migrations_status_since",
        first_seen: "mirror_migrations_first_seen",
        created: "mirror_migrations_status",
      };
      for (const { rule, sinceKind, query } of queries) {
        const compiled = query.select("id").compile();
        const { rows } = await app().db.executeQuery<{ detail: string }>(
          CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]),
        );
        const details = rows.map((row) => row.detail).join(" | ");
        expect(details, `${rule} (${sinceKind})`).toMatch(
          new RegExp(`SEARCH mirror_migrations USING INDEX ${expectedIndex[sinceKind]} \\(`),
        );
        expect(details, `${rule} (${sinceKind})`).not.toMatch(/SCAN mirror_migrations/);
      }
    });
  }
});
