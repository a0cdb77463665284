import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import type { Migration, MigrationSort } from "@/lib/migrations/migration";
import { fromMirroredFields } from "./mirror-row";

export interface MirrorFilters {
  statuses?: readonly string[];
  companyId?: string;
  createdByUserId?: string;
}

export interface MirrorPageRequest extends MirrorFilters {
  page: number;
  pageSize: number;
  sort: MigrationSort;
}

const ROW_COLUMNS = ["id", "created_raw", "created_us", "status", "created_by_user_id", "company_id"] as const;

function filtered(db: Kysely<AppSchema>, filters: MirrorFilters) {
  let query = db.selectFrom("mirror_migrations");
  if (filters.statuses && filters.statuses.length > 0) query = query.where("status", "in", [...filters.statuses]);
  if (filters.companyId !== undefined) query = query.where("company_id", "=", filters.companyId);
  if (filters.createdByUserId !== undefined) query = query.where("created_by_user_id", "=", filters.createdByUserId);
  return query;
}

/** One page of mirrored migrations in list order (newest first, `id` descending as the tie-break, or the reverse). */
export async function listMirroredMigrations(db: Kysely<AppSchema>, request: MirrorPageRequest): Promise<Migration[]> {
  const direction = request.sort === "-created" ? "desc" : "asc";
  const rows = await filtered(db, request)
    .select([...ROW_COLUMNS, "status_since_ms"])
    .orderBy("created_us", direction)
    .orderBy("id", direction)
    .limit(request.pageSize)
    .offset((request.page - 1) * request.pageSize)
    .execute();
  // statusSince lets the list tell "in WORKING for 9 h" from "created 9 h ago".
  return rows.map((row) => ({
    ...fromMirroredFields(row),
    ...(row.status_since_ms !== null ? { statusSince: new Date(Number(row.status_since_ms)).toISOString() } : {}),
  }));
}

/**
 * Migrations per status for the company and user filters (not the status filter). Without them the
 * answer is the counts table the writes keep; with them, an index-only count over that owner's rows.
 * A null-prototype object: a status named `__proto__` is just a key.
 */
export async function countMirroredByStatus(
  db: Kysely<AppSchema>,
  filters: Omit<MirrorFilters, "statuses">,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = Object.create(null);
  if (filters.companyId === undefined && filters.createdByUserId === undefined) {
    const rows = await db
      .selectFrom("mirror_status_counts")
      .select(["status", "count"])
      .where("count", ">", 0)
      .execute();
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }
  const rows = await filtered(db, filters)
    .select((eb) => ["status", eb.fn.countAll<number>().as("count")])
    .groupBy("status")
    .execute();
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

export interface MirroredMigration {
  migration: Migration;
  firstSeenMs: number;
  lastSeenMs: number;
  /** When the current status was first observed; undefined when it had it at first sight. */
  statusSinceMs?: number;
}

export async function findMirroredMigration(db: Kysely<AppSchema>, id: string): Promise<MirroredMigration | undefined> {
  const row = await db
    .selectFrom("mirror_migrations")
    .select([...ROW_COLUMNS, "first_seen_ms", "last_seen_ms", "status_since_ms"])
    .where("id", "=", id.toLowerCase())
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    migration: fromMirroredFields(row),
    firstSeenMs: Number(row.first_seen_ms),
    lastSeenMs: Number(row.last_seen_ms),
    ...(row.status_since_ms !== null ? { statusSinceMs: Number(row.status_since_ms) } : {}),
  };
}

export interface ObservedStatusChange {
  from: string | null;
  to: string | null;
  observedMs: number;
  source: string;
}

/** The migration's observed history, oldest first. */
export async function statusHistory(db: Kysely<AppSchema>, id: string, limit = 500): Promise<ObservedStatusChange[]> {
  const rows = await db
    .selectFrom("mirror_status_changes")
    .select(["from_status", "to_status", "observed_ms", "source"])
    .where("migration_id", "=", id.toLowerCase())
    .orderBy("id", "asc")
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    from: row.from_status,
    to: row.to_status,
    observedMs: Number(row.observed_ms),
    source: row.source,
  }));
}

export async function countMirroredMigrations(db: Kysely<AppSchema>): Promise<number> {
  const row = await db
    .selectFrom("mirror_status_counts")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("count"), eb.lit(0)).as("total"))
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}
