import "server-only";
import { type Kysely, sql } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { STUCK_AFTER_MS, stuckHint } from "@/lib/migrations/status-catalogue";
import { countMirroredByStatus } from "@/lib/mirror/queries";
import { companyNames } from "./company-names";
import { lastActivityMs } from "./last-activity";
import { FAILURE_STATUS, outcomeTotals, rateOf } from "./outcomes";
import { type CompletionPercentiles, companyTimeToComplete } from "./time-to-complete";

const WAITING_STATUS = "PENDING_USER_INPUT";
/** How many migrations each "needs attention" list shows; the count and a link to the list cover the rest. */
export const ATTENTION_LIMIT = 10;

export interface AttentionMigration {
  id: string;
  status: string;
  createdMs: number;
  createdByUserId: string;
  /** When its status was observed to begin; undefined when it already had it at first sight. */
  statusSinceMs?: number;
  errorMessage?: string;
}

export interface AttentionList {
  /** How many there are in all; `migrations` holds the first ATTENTION_LIMIT of them. */
  total: number;
  migrations: AttentionMigration[];
}

export interface CompanyReview {
  companyId: string;
  name?: string;
  counts: Record<string, number>;
  total: number;
  finished: number;
  /** COMPLETE ÷ finished; undefined when none finished. */
  successRate: number | undefined;
  timeToComplete: CompletionPercentiles | undefined;
  lastActivityMs: number | undefined;
  /** Newest first, with the reason a webhook gave. */
  failed: AttentionList;
  /** Waiting on the end user, longest wait first. */
  waiting: AttentionList;
  /** Running far longer than usual in their status (the list's "may be stuck" hint), longest first. */
  mayBeStuck: AttentionList;
}

const COLUMNS = ["id", "status", "created_us", "created_by_user_id", "status_since_ms", "error_message"] as const;

function toAttention(row: {
  id: string;
  status: string;
  created_us: number;
  created_by_user_id: string;
  status_since_ms: number | null;
  error_message: string | null;
}): AttentionMigration {
  return {
    id: row.id,
    status: row.status,
    createdMs: Math.floor(Number(row.created_us) / 1000),
    createdByUserId: row.created_by_user_id,
    ...(row.status_since_ms !== null ? { statusSinceMs: Number(row.status_since_ms) } : {}),
    ...(row.error_message !== null ? { errorMessage: row.error_message } : {}),
  };
}

/** Since when a migration has had its status, as the list's hint measures it: observed start, else creation (in µs→ms). */
const statusStartMs = sql<number>`coalesce(status_since_ms, created_us / 1000)`;

async function failedMigrations(db: Kysely<AppSchema>, companyId: string, total: number): Promise<AttentionList> {
  const rows = await db
    .selectFrom("mirror_migrations")
    .select(COLUMNS)
    .where("company_id", "=", companyId)
    .where("status", "=", FAILURE_STATUS)
    .orderBy("created_us", "desc")
    .orderBy("id", "desc")
    .limit(ATTENTION_LIMIT)
    .execute();
  return { total, migrations: rows.map(toAttention) };
}

async function waitingMigrations(db: Kysely<AppSchema>, companyId: string, total: number): Promise<AttentionList> {
  const rows = await db
    .selectFrom("mirror_migrations")
    .select(COLUMNS)
    .where("company_id", "=", companyId)
    .where("status", "=", WAITING_STATUS)
    .orderBy(statusStartMs, "asc")
    .orderBy("id", "asc")
    .limit(ATTENTION_LIMIT)
    .execute();
  return { total, migrations: rows.map(toAttention) };
}

/**
 * The company's running migrations past the list's "may be stuck" threshold for their status
 * (waiting on the user is listed on its own: it waits for a person). The SQL picks them by the same
 * measure as stuckHint, which then confirms each, so the page and the list never disagree.
 */
async function stuckMigrations(db: Kysely<AppSchema>, companyId: string, nowMs: number): Promise<AttentionList> {
  const thresholds = Object.entries(STUCK_AFTER_MS).filter(
    (entry): entry is [string, number] => entry[0] !== WAITING_STATUS && entry[1] !== undefined,
  );
  const stuck = db
    .selectFrom("mirror_migrations")
    .where("company_id", "=", companyId)
    .where((eb) =>
      eb.or(
        thresholds.map(([status, afterMs]) =>
          eb.and([eb("status", "=", status), eb(statusStartMs, "<", nowMs - afterMs)]),
        ),
      ),
    );
  const [rows, count] = await Promise.all([
    stuck.select(COLUMNS).orderBy(statusStartMs, "asc").orderBy("id", "asc").limit(ATTENTION_LIMIT).execute(),
    stuck.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst(),
  ]);
  const migrations = rows
    .map(toAttention)
    .filter((migration) => stuckHint(migration.status, migration.createdMs, migration.statusSinceMs, nowMs));
  return { total: Number(count?.n ?? 0), migrations };
}

/** Everything the company page shows but its trend chart; undefined when the mirror has no migration of this company. */
export async function companyReview(
  db: Kysely<AppSchema>,
  companyId: string,
  nowMs: number,
): Promise<CompanyReview | undefined> {
  const counts = await countMirroredByStatus(db, { companyId });
  const totals = outcomeTotals(Object.entries(counts).map(([status, count]) => ({ status, count })));
  if (totals.total === 0) return undefined;
  const [names, timeToComplete, activity, failed, waiting, mayBeStuck] = await Promise.all([
    companyNames(db, [companyId]),
    companyTimeToComplete(db, companyId),
    sql<{ ms: number | string | null }>`select ${lastActivityMs(sql.val(companyId))} as ms`.execute(db),
    failedMigrations(db, companyId, counts[FAILURE_STATUS] ?? 0),
    waitingMigrations(db, companyId, counts[WAITING_STATUS] ?? 0),
    stuckMigrations(db, companyId, nowMs),
  ]);
  const name = names.get(companyId);
  const lastMs = activity.rows[0]?.ms;
  return {
    companyId,
    ...(name !== undefined ? { name } : {}),
    counts: Object.fromEntries(Object.entries(counts)),
    total: totals.total,
    finished: totals.finished,
    successRate: rateOf(totals.succeeded, totals.finished),
    timeToComplete,
    lastActivityMs: lastMs === null || lastMs === undefined ? undefined : Number(lastMs),
    failed,
    waiting,
    mayBeStuck,
  };
}
