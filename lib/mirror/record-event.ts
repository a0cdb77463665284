import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { reportedStatusWins } from "@/lib/migrations/status-rank";
import { CountDeltas, recordTouch, takeTurns } from "./record-observations";
import { signalMirrorWrite } from "./write-signal";

/** A status the provider reported for one migration (a webhook), rather than one read from its API. */
export interface ReportedStatus {
  migrationId: string;
  status: string;
  /** Why it failed or partly failed; null when the report gives none. */
  errorMessage: string | null;
  /** When the provider says the change happened (its clock). */
  eventMs: number;
  /** When this app applies it (its clock): the time of the history row. */
  nowMs: number;
}

/**
 * applied: the status changed (history row with source "webhook"); confirmed: the mirror already
 * had this status (a reason it lacked is added, which browsers hear of like a status change); outdated: the mirror knows better (a later status,
 * or a newer observation), nothing written; unknown_migration: not mirrored, nothing written.
 */
export type ReportOutcome = "applied" | "confirmed" | "outdated" | "unknown_migration";

/**
 * Applies a reported status to the mirrored row, in one transaction with the counts, under the
 * rule of `reportedStatusWins`: reports may come late, twice, or in any order, and never move a
 * migration back. An applied change counts as a sighting (`last_seen_ms`), so that a sync answer
 * asked for before it arrived cannot undo it either (see recordObservedMigrations).
 */
export async function recordReportedStatus(db: Kysely<AppSchema>, report: ReportedStatus): Promise<ReportOutcome> {
  const id = report.migrationId.toLowerCase();
  let wrote = false;
  const outcome = await db.transaction().execute(async (trx): Promise<ReportOutcome> => {
    await takeTurns(db, trx);
    const row = await trx
      .selectFrom("mirror_migrations")
      .select(["status", "company_id", "created_by_user_id", "created_us", "last_seen_ms", "error_message"])
      .where("id", "=", id)
      .executeTakeFirst();
    if (!row) return "unknown_migration";
    const lastSeenMs = Number(row.last_seen_ms);

    if (row.status === report.status) {
      if (report.errorMessage !== null && row.error_message !== report.errorMessage) {
        await trx
          .updateTable("mirror_migrations")
          .set({ error_message: report.errorMessage })
          .where("id", "=", id)
          .execute();
        // The reason is listed too (on hover, and the reason filter): browsers must hear of it.
        await recordTouch(trx, Number(row.created_us), report.nowMs);
        wrote = true;
      }
      return "confirmed";
    }
    if (
      !reportedStatusWins(
        { status: row.status, observedMs: lastSeenMs },
        { status: report.status, eventMs: report.eventMs },
      )
    ) {
      return "outdated";
    }

    await trx
      .updateTable("mirror_migrations")
      .set({
        status: report.status,
        status_since_ms: report.nowMs,
        last_seen_ms: Math.max(lastSeenMs, report.nowMs),
        error_message: report.errorMessage,
      })
      .where("id", "=", id)
      .execute();
    await trx
      .insertInto("mirror_status_changes")
      .values({
        migration_id: id,
        from_status: row.status,
        to_status: report.status,
        observed_ms: report.nowMs,
        source: "webhook",
        error_message: report.errorMessage,
      })
      .execute();
    const deltas = new CountDeltas();
    deltas.add(row, -1);
    deltas.add({ ...row, status: report.status }, 1);
    await deltas.apply(trx);
    // The row moved in the status-filtered lists: their deep-page anchors from before are stale.
    await recordTouch(trx, Number(row.created_us), report.nowMs);
    wrote = true;
    return "applied";
  });
  // Browsers connected to this process hear of it at once (the live feed); other instances at their next look.
  if (wrote) signalMirrorWrite();
  return outcome;
}
