import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import type { AlertTarget } from "./rule-catalogue";
import type { AlertCandidate } from "./rules";

/**
 * Fires the candidates: one alert row each and one pending delivery per target, due at once, in
 * one transaction. The unique (migration_id, rule) index makes this once per migration and rule
 * even when two instances get here with the same candidate: the second insert does nothing, and
 * only an alert this call inserted gets deliveries. Returns the ids of the alerts it fired.
 */
export async function fireAlerts(
  db: Kysely<AppSchema>,
  candidates: readonly AlertCandidate[],
  targets: readonly AlertTarget[],
  nowMs: number,
): Promise<number[]> {
  if (candidates.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const fired: number[] = [];
    for (const candidate of candidates) {
      const inserted = await trx
        .insertInto("alerts")
        .values({
          migration_id: candidate.migrationId,
          rule: candidate.rule,
          status: candidate.status,
          company_id: candidate.companyId,
          created_by_user_id: candidate.createdByUserId,
          since_ms: candidate.sinceMs,
          since_kind: candidate.sinceKind,
          fired_ms: nowMs,
          reason: candidate.reason ?? null,
        })
        .onConflict((conflict) => conflict.columns(["migration_id", "rule"]).doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!inserted) continue;
      const alertId = Number(inserted.id);
      fired.push(alertId);
      if (targets.length > 0) {
        await trx
          .insertInto("alert_deliveries")
          .values(
            targets.map((target) => ({
              alert_id: alertId,
              target,
              state: "pending",
              attempts: 0,
              next_attempt_ms: nowMs,
            })),
          )
          .execute();
      }
    }
    return fired;
  });
}
