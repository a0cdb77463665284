import "server-only";
import { type Kysely, type SelectQueryBuilder, sql } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { STUCK_AFTER_MS } from "@/lib/migrations/status-catalogue";
import type { AlertRuleName } from "./rule-catalogue";

export interface RuleSettings {
  rules: readonly AlertRuleName[];
  pendingUserInputHours: number;
  /** Only these companies' migrations; undefined: all (and migrations without a company). */
  companies?: readonly string[];
}

/** What since_ms means for an alert (see AlertTable.since_kind). */
export type SinceKind = "status" | "first_seen" | "created";

/** A migration that matches a rule and has no alert for it yet. */
export interface AlertCandidate {
  migrationId: string;
  rule: AlertRuleName;
  status: string;
  companyId: string | null;
  createdByUserId: string;
  sinceMs: number;
  sinceKind: SinceKind;
  /**
   * Why it failed, when something reported a reason. The Migrations API's resource has none; a
   * source that does (provider webhooks) fills it, and the messages then include it.
   */
  reason?: string;
}

/** The statuses each event rule watches. */
const EVENT_RULES = { failed: "FAILED", completed_with_failures: "COMPLETED_WITH_FAILURES" } as const;

/**
 * "May be stuck" uses the list's hint thresholds for every running status but waiting for the end
 * user, which has its own rule with its own threshold (and is not stuck: it waits for a person).
 */
export function stuckThresholds(): Array<{ status: string; afterMs: number }> {
  return Object.entries(STUCK_AFTER_MS)
    .filter((entry): entry is [string, number] => entry[0] !== "PENDING_USER_INPUT" && entry[1] !== undefined)
    .map(([status, afterMs]) => ({ status, afterMs }));
}

type MirrorQuery = SelectQueryBuilder<AppSchema, "mirror_migrations", object>;

/**
 * A column compared as an expression (`status || ''`), so that no index on it is used for that
 * comparison. Without statistics (SQLite has none unless ANALYZE runs) a planner prefers an index
 * on `status = ?` (or `company_id in (…)`) to one on a time range, and would read every FAILED row
 * of the mirror instead of the few that changed in the window. Same on both engines.
 */
function unindexed(column: "status" | "company_id") {
  return sql<string>`(${sql.ref(column)} || '')`;
}

const COLUMNS = [
  "id",
  "status",
  "company_id",
  "created_by_user_id",
  "status_since_ms",
  "first_seen_ms",
  "created_us",
  "error_message",
] as const;

/** One indexed read of the mirror for one rule (see findAlertCandidates). */
export interface RuleQuery {
  rule: AlertRuleName;
  sinceKind: SinceKind;
  query: MirrorQuery;
}

/**
 * The reads that find the migrations matching the enabled rules within the window, without an
 * alert for that rule yet. Each is an indexed range read over what changed in the window (never a
 * scan of the mirror):
 * - failed, completed_with_failures: the status was observed to begin (status_since_ms) or the
 *   migration was first seen in it (first_seen_ms) at or after `fromMs`, and it still has it;
 * - pending_user_input, may_be_stuck: the time in the status (from when it was observed to begin,
 *   or from creation when that is unknown, as the list's hint measures it) crossed the threshold
 *   between `fromMs` and `nowMs`, and the migration still has that status.
 */
export function ruleQueries(
  db: Kysely<AppSchema>,
  settings: RuleSettings,
  window: { fromMs: number; nowMs: number },
): RuleQuery[] {
  const { fromMs, nowMs } = window;
  const enabled = new Set(settings.rules);
  const queries: RuleQuery[] = [];

  const base = (rule: AlertRuleName): MirrorQuery => {
    let query = db
      .selectFrom("mirror_migrations")
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom("alerts")
              .select("alerts.id")
              .whereRef("alerts.migration_id", "=", "mirror_migrations.id")
              .where("alerts.rule", "=", rule),
          ),
        ),
      );
    if (settings.companies) query = query.where(unindexed("company_id"), "in", [...settings.companies]);
    return query;
  };

  for (const [rule, status] of Object.entries(EVENT_RULES) as Array<[keyof typeof EVENT_RULES, string]>) {
    if (!enabled.has(rule)) continue;
    queries.push({
      rule,
      sinceKind: "status",
      query: base(rule).where("status_since_ms", ">=", fromMs).where(unindexed("status"), "=", status),
    });
    queries.push({
      rule,
      sinceKind: "first_seen",
      query: base(rule)
        .where("first_seen_ms", ">=", fromMs)
        .where("status_since_ms", "is", null)
        .where(unindexed("status"), "=", status),
    });
  }

  const thresholdRule = (rule: AlertRuleName, status: string, afterMs: number) => {
    // Crossed within [fromMs, nowMs]: the status (or the migration) began within [fromMs − after, nowMs − after].
    const earliest = fromMs - afterMs;
    const latest = nowMs - afterMs;
    if (latest < earliest) return;
    queries.push({
      rule,
      sinceKind: "status",
      query: base(rule)
        .where("status_since_ms", ">=", earliest)
        .where("status_since_ms", "<=", latest)
        .where(unindexed("status"), "=", status),
    });
    queries.push({
      rule,
      sinceKind: "created",
      query: base(rule)
        .where("status", "=", status)
        .where("status_since_ms", "is", null)
        .where("created_us", ">=", earliest * 1000)
        .where("created_us", "<=", latest * 1000),
    });
  };
  if (enabled.has("pending_user_input")) {
    thresholdRule("pending_user_input", "PENDING_USER_INPUT", Math.round(settings.pendingUserInputHours * 3_600_000));
  }
  if (enabled.has("may_be_stuck")) {
    for (const { status, afterMs } of stuckThresholds()) thresholdRule("may_be_stuck", status, afterMs);
  }
  return queries;
}

/** The migrations matching the enabled rules within the window that have no alert for that rule yet, oldest first. */
export async function findAlertCandidates(
  db: Kysely<AppSchema>,
  settings: RuleSettings,
  window: { fromMs: number; nowMs: number },
): Promise<AlertCandidate[]> {
  const found = await Promise.all(
    ruleQueries(db, settings, window).map(async ({ rule, sinceKind, query }) => {
      const rows = await query.select(COLUMNS).execute();
      return rows.map(
        (row): AlertCandidate => ({
          migrationId: row.id,
          rule,
          status: row.status,
          companyId: row.company_id,
          createdByUserId: row.created_by_user_id,
          ...(row.error_message !== null ? { reason: row.error_message } : {}),
          sinceKind,
          sinceMs:
            sinceKind === "status"
              ? Number(row.status_since_ms)
              : sinceKind === "first_seen"
                ? Number(row.first_seen_ms)
                : Math.floor(Number(row.created_us) / 1000),
        }),
      );
    }),
  );
  // Oldest first, so that messages and digests list them in the order they happened.
  return found.flat().sort((a, b) => a.sinceMs - b.sinceMs || (a.migrationId < b.migrationId ? -1 : 1));
}
