import { describe, expect, it } from "vitest";
import type { AppDatabase } from "@/lib/db/connection";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { createdMicros } from "./mirror-row";
import { mirrorVersion } from "./mirror-version";
import { countMirroredByStatus, findMirroredMigration, statusHistory } from "./queries";
import { type ReportedStatus, recordReportedStatus } from "./record-event";
import { recordObservedMigrations } from "./record-observations";
import { mirrorTestMigration } from "./testing";
import { onMirrorWrite } from "./write-signal";

const T1 = Date.UTC(2026, 0, 1);

/** Everything a report could have written: rows, history, counts of all kinds, touches. */
async function everything(app: AppDatabase) {
  const [rows, history, counts, owners, touches] = await Promise.all([
    app.db.selectFrom("mirror_migrations").selectAll().orderBy("id").execute(),
    app.db.selectFrom("mirror_status_changes").selectAll().orderBy("id").execute(),
    app.db.selectFrom("mirror_status_counts").selectAll().orderBy("status").execute(),
    app.db
      .selectFrom("mirror_owner_status_counts")
      .selectAll()
      .orderBy("owner_kind")
      .orderBy("owner_id")
      .orderBy("status")
      .execute(),
    app.db.selectFrom("mirror_touches").selectAll().orderBy("seq").execute(),
  ]);
  return { rows, history, counts, owners, touches };
}

/** Counts per status from the counts tables, checked against the rows themselves. */
async function checkedCounts(app: AppDatabase, companyId: string): Promise<Record<string, number>> {
  const rows = await app.db.selectFrom("mirror_migrations").select(["status", "company_id"]).execute();
  const oracle: Record<string, number> = {};
  for (const row of rows) oracle[row.status] = (oracle[row.status] ?? 0) + 1;
  const counts = { ...(await countMirroredByStatus(app.db, {})) };
  expect(counts).toEqual(oracle);
  const companyOracle: Record<string, number> = {};
  for (const row of rows.filter((r) => r.company_id === companyId)) {
    companyOracle[row.status] = (companyOracle[row.status] ?? 0) + 1;
  }
  expect({ ...(await countMirroredByStatus(app.db, { companyId })) }).toEqual(companyOracle);
  return counts;
}

describe.each(TEST_ENGINES)("recordReportedStatus (%s)", (engine) => {
  const app = appDatabasePerTest(engine);
  const report = (migrationId: string, overrides: Partial<ReportedStatus>): ReportedStatus => ({
    migrationId,
    status: "FAILED",
    errorMessage: null,
    eventMs: T1,
    nowMs: T1,
    ...overrides,
  });

  it("applies a later status: row, reason, history with source webhook, counts, and a touch", async () => {
    const m = mirrorTestMigration({ status: "WORKING" });
    const other = mirrorTestMigration({ status: "WORKING" });
    await recordObservedMigrations(app().db, [m, other], { source: "sync", nowMs: T1 });
    const touchesBefore = (await everything(app())).touches.length;

    const outcome = await recordReportedStatus(
      app().db,
      report(m.id.toUpperCase(), {
        errorMessage: "The source account's password was changed",
        eventMs: T1 + 5,
        nowMs: T1 + 10,
      }),
    );
    expect(outcome).toBe("applied");
    const found = await findMirroredMigration(app().db, m.id);
    expect(found).toMatchObject({
      migration: { ...m, status: "FAILED" },
      lastSeenMs: T1 + 10,
      statusSinceMs: T1 + 10,
      errorMessage: "The source account's password was changed",
    });
    expect(await statusHistory(app().db, m.id)).toEqual([
      { from: null, to: "WORKING", observedMs: T1, source: "sync" },
      {
        from: "WORKING",
        to: "FAILED",
        observedMs: T1 + 10,
        source: "webhook",
        errorMessage: "The source account's password was changed",
      },
    ]);
    expect(await checkedCounts(app(), m.companyId as string)).toEqual({ WORKING: 1, FAILED: 1 });
    const { touches } = await everything(app());
    expect(touches.length).toBe(touchesBefore + 1);
    expect(Number(touches.at(-1)?.min_created_us)).toBe(createdMicros(m));
    // The other migration is untouched.
    expect((await findMirroredMigration(app().db, other.id))?.migration.status).toBe("WORKING");
  });

  it("never moves a finished migration back: a late started or created changes nothing at all", async () => {
    const m = mirrorTestMigration({ status: "COMPLETE" });
    await recordObservedMigrations(app().db, [m], { source: "sync", nowMs: T1 });
    const before = await everything(app());
    expect(
      await recordReportedStatus(
        app().db,
        report(m.id, { status: "WORKING", eventMs: T1 + 60_000, nowMs: T1 + 60_000 }),
      ),
    ).toBe("outdated");
    expect(
      await recordReportedStatus(
        app().db,
        report(m.id, { status: "NOT_STARTED", eventMs: T1 + 60_000, nowMs: T1 + 60_000 }),
      ),
    ).toBe("outdated");
    // Nor into another final status.
    expect(
      await recordReportedStatus(app().db, report(m.id, { status: "FAILED", errorMessage: "x", nowMs: T1 + 60_000 })),
    ).toBe("outdated");
    expect(await everything(app())).toEqual(before);
  });

  it("between running statuses, a report older than the mirror's last observation loses, a newer one wins", async () => {
    const m = mirrorTestMigration({ status: "NOT_STARTED" });
    await recordObservedMigrations(app().db, [m], { source: "sync", nowMs: T1 });
    await recordObservedMigrations(app().db, [{ ...m, status: "PENDING_USER_INPUT" }], {
      source: "sync",
      nowMs: T1 + 100,
    });
    const before = await everything(app());
    // migration.started sent before the sync saw it waiting for the user: out of date.
    expect(
      await recordReportedStatus(app().db, report(m.id, { status: "WORKING", eventMs: T1 + 50, nowMs: T1 + 200 })),
    ).toBe("outdated");
    expect(await everything(app())).toEqual(before);
    // Sent after: the user answered, it works again.
    expect(
      await recordReportedStatus(app().db, report(m.id, { status: "WORKING", eventMs: T1 + 150, nowMs: T1 + 200 })),
    ).toBe("applied");
    expect((await statusHistory(app().db, m.id)).map((change) => [change.from, change.to, change.source])).toEqual([
      [null, "NOT_STARTED", "sync"],
      ["NOT_STARTED", "PENDING_USER_INPUT", "sync"],
      ["PENDING_USER_INPUT", "WORKING", "webhook"],
    ]);
  });

  it("confirms a status the mirror already has, adding a reason it lacked and never erasing one", async () => {
    const m = mirrorTestMigration({ status: "WORKING" });
    await recordObservedMigrations(app().db, [m], { source: "sync", nowMs: T1 });
    await recordObservedMigrations(app().db, [{ ...m, status: "FAILED" }], { source: "sync", nowMs: T1 + 10 });
    const historyBefore = (await everything(app())).history;
    expect(await recordReportedStatus(app().db, report(m.id, { errorMessage: "Quota exceeded", nowMs: T1 + 20 }))).toBe(
      "confirmed",
    );
    expect((await findMirroredMigration(app().db, m.id))?.errorMessage).toBe("Quota exceeded");
    expect(await recordReportedStatus(app().db, report(m.id, { errorMessage: null, nowMs: T1 + 30 }))).toBe(
      "confirmed",
    );
    const after = await everything(app());
    expect(after.history).toEqual(historyBefore);
    expect(after.rows[0]).toMatchObject({ status: "FAILED", error_message: "Quota exceeded", last_seen_ms: T1 + 10 });
  });

  it("signals an applied change or a new reason and moves the mirror's version (the live feed); nothing else does", async () => {
    const m = mirrorTestMigration({ status: "WORKING" });
    await recordObservedMigrations(app().db, [m], { source: "sync", nowMs: T1 });
    let signals = 0;
    const stop = onMirrorWrite(() => signals++);
    try {
      const before = await mirrorVersion(app().db);
      await recordReportedStatus(app().db, report(m.id, { status: "NOT_STARTED", nowMs: T1 + 10 }));
      await recordReportedStatus(app().db, report(mirrorTestMigration().id, { nowMs: T1 + 10 }));
      expect([signals, await mirrorVersion(app().db)]).toEqual([0, before]);
      await recordReportedStatus(app().db, report(m.id, { nowMs: T1 + 20 }));
      const after = await mirrorVersion(app().db);
      expect([signals, after > before]).toEqual([1, true]);
      // A reason for the status it has: listed (hover, reason filter), so it is news too.
      await recordReportedStatus(app().db, report(m.id, { errorMessage: "late reason", nowMs: T1 + 30 }));
      const withReason = await mirrorVersion(app().db);
      expect([signals, withReason > after]).toEqual([2, true]);
      // The same reason again, or none: nothing moved.
      await recordReportedStatus(app().db, report(m.id, { errorMessage: "late reason", nowMs: T1 + 40 }));
      await recordReportedStatus(app().db, report(m.id, { errorMessage: null, nowMs: T1 + 50 }));
      expect([signals, await mirrorVersion(app().db)]).toEqual([2, withReason]);
    } finally {
      stop();
    }
  });

  it("writes nothing for a migration the mirror does not have", async () => {
    const before = await everything(app());
    expect(await recordReportedStatus(app().db, report(mirrorTestMigration().id, {}))).toBe("unknown_migration");
    expect(await everything(app())).toEqual(before);
  });

  it("is not undone by a sync answer asked for before it arrived", async () => {
    const m = mirrorTestMigration({ status: "WORKING" });
    await recordObservedMigrations(app().db, [m], { source: "sync", nowMs: T1 });
    await recordReportedStatus(app().db, report(m.id, { errorMessage: "Timed out", nowMs: T1 + 100 }));
    const late = await recordObservedMigrations(app().db, [m], { source: "sync", nowMs: T1 + 50 });
    expect(late.outdated).toBe(1);
    expect((await findMirroredMigration(app().db, m.id))?.migration.status).toBe("FAILED");
    // A later sync answer is the truth again, as for any observation.
    await recordObservedMigrations(app().db, [{ ...m, status: "FAILED" }], { source: "sync", nowMs: T1 + 150 });
    expect((await findMirroredMigration(app().db, m.id))?.errorMessage).toBe("Timed out");
  });
});
