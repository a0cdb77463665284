import "server-only";
import { type Kysely, sql } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import type { Migration, MigrationSort } from "@/lib/migrations/migration";
import { ANCHOR_SPACING, type Anchor, anchorFor, DIRECT_OFFSET_LIMIT, positionOldestFirst } from "./deep-pages";
import { fromMirroredFields, type MirroredFields } from "./mirror-row";

export interface MirrorFilters {
  statuses?: readonly string[];
  companyId?: string;
  createdByUserId?: string;
  /** Failure reason contains this text, in any case (LIKE over the rows with a reason). */
  reasonContains?: string;
}

export interface MirrorPageRequest extends MirrorFilters {
  page: number;
  pageSize: number;
  sort: MigrationSort;
}

const ROW_COLUMNS = ["id", "created_raw", "created_us", "status", "created_by_user_id", "company_id"] as const;

/** The mirror's rows matching the filters: the list, its counts and the export select from this. */
export function filteredMirror(db: Kysely<AppSchema>, filters: MirrorFilters) {
  let query = db.selectFrom("mirror_migrations");
  if (filters.statuses && filters.statuses.length > 0) query = query.where("status", "in", [...filters.statuses]);
  if (filters.companyId !== undefined) query = query.where("company_id", "=", filters.companyId);
  if (filters.createdByUserId !== undefined) query = query.where("created_by_user_id", "=", filters.createdByUserId);
  if (filters.reasonContains !== undefined) {
    // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not. The text is a
    // parameter with LIKE's wildcards escaped, so "100%" means those four characters.
    const pattern = `%${filters.reasonContains.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`lower(error_message) like ${pattern} escape '\\'`);
  }
  return query;
}

const LIST_COLUMNS = [...ROW_COLUMNS, "status_since_ms", "error_message"] as const;
type ListRow = MirroredFields & { status_since_ms: number | null; error_message: string | null };

/** statusSince lets the list tell "in WORKING for 9 h" from "created 9 h ago". */
function toListRow(row: ListRow): Migration {
  return {
    ...fromMirroredFields(row),
    ...(row.status_since_ms !== null ? { statusSince: new Date(Number(row.status_since_ms)).toISOString() } : {}),
    ...(row.error_message !== null ? { errorMessage: row.error_message } : {}),
  };
}

/**
 * One page of mirrored migrations in list order (newest first, `id` descending as the tie-break, or
 * the reverse). `knownTotal` is how many rows match the filters (counted when not given): deep pages are read
 * oldest-first from a cached anchor instead of skipping every row before them (see deep-pages.ts).
 */
export async function listMirroredMigrations(
  db: Kysely<AppSchema>,
  request: MirrorPageRequest,
  knownTotal?: number,
): Promise<Migration[]> {
  const total = knownTotal ?? (await countMatching(db, request));
  const offset = (request.page - 1) * request.pageSize;
  if (offset >= total) return [];
  const newestFirst = request.sort === "-created";
  if (offset <= DIRECT_OFFSET_LIMIT) {
    const direction = newestFirst ? "desc" : "asc";
    const rows = await filteredMirror(db, request)
      .select(LIST_COLUMNS)
      .orderBy("created_us", direction)
      .orderBy("id", direction)
      .limit(request.pageSize)
      .offset(offset)
      .execute();
    return rows.map(toListRow);
  }

  // The same rows, as positions counted from the oldest.
  let position = newestFirst ? total - offset - request.pageSize : offset;
  let limit = request.pageSize;
  if (position < 0) {
    limit += position;
    position = 0;
  }
  const start =
    position < ANCHOR_SPACING
      ? undefined
      : await anchorFor(db, filterKey(request), position, () => buildAnchors(db, request));
  let query = filteredMirror(db, request).select(LIST_COLUMNS);
  if (start) query = query.where(sql<boolean>`(created_us, id) >= (${start.anchor.createdUs}, ${start.anchor.id})`);
  const rows: ListRow[] = await query
    .orderBy("created_us", "asc")
    .orderBy("id", "asc")
    .limit(limit)
    .offset(start ? position - start.index * ANCHOR_SPACING : position)
    .execute();
  const page = rows.map(toListRow);
  return newestFirst ? page.reverse() : page;
}

/** How many rows match the filters, from the counts the writes keep where they can. */
export async function countMatching(db: Kysely<AppSchema>, filters: MirrorFilters): Promise<number> {
  const counts = await countMirroredByStatus(db, {
    ...(filters.companyId !== undefined ? { companyId: filters.companyId } : {}),
    ...(filters.createdByUserId !== undefined ? { createdByUserId: filters.createdByUserId } : {}),
    ...(filters.reasonContains !== undefined ? { reasonContains: filters.reasonContains } : {}),
  });
  const statuses = filters.statuses && filters.statuses.length > 0 ? filters.statuses : Object.keys(counts);
  return statuses.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
}

function filterKey(filters: MirrorFilters): string {
  return JSON.stringify([
    [...(filters.statuses ?? [])].sort(),
    filters.companyId ?? null,
    filters.createdByUserId ?? null,
    filters.reasonContains ?? null,
  ]);
}

async function buildAnchors(db: Kysely<AppSchema>, filters: MirrorFilters): Promise<Anchor[]> {
  const rows = await db
    .selectFrom(
      filteredMirror(db, filters)
        .select(["created_us", "id", positionOldestFirst.as("position")])
        .as("ranked"),
    )
    .select(["created_us", "id"])
    .where(sql<boolean>`position % ${ANCHOR_SPACING} = 0`)
    .orderBy("position", "asc")
    .execute();
  return rows.map((row) => ({ createdUs: Number(row.created_us), id: row.id }));
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
  const { companyId, createdByUserId, reasonContains } = filters;
  if (companyId === undefined && createdByUserId === undefined && reasonContains === undefined) {
    const rows = await db
      .selectFrom("mirror_status_counts")
      .select(["status", "count"])
      .where("count", ">", 0)
      .execute();
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }
  if (reasonContains === undefined && (companyId === undefined || createdByUserId === undefined)) {
    // One owner: the counts the writes keep for it.
    const [kind, owner] =
      companyId !== undefined ? (["company", companyId] as const) : (["user", createdByUserId as string] as const);
    const rows = await db
      .selectFrom("mirror_owner_status_counts")
      .select(["status", "count"])
      .where("owner_kind", "=", kind)
      .where("owner_id", "=", owner)
      .where("count", ">", 0)
      .execute();
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }
  const rows = await filteredMirror(db, filters)
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
  /** Why it failed or partly failed, as a webhook reported it; undefined when none did. */
  errorMessage?: string;
}

export async function findMirroredMigration(db: Kysely<AppSchema>, id: string): Promise<MirroredMigration | undefined> {
  const row = await db
    .selectFrom("mirror_migrations")
    .select([...ROW_COLUMNS, "first_seen_ms", "last_seen_ms", "status_since_ms", "error_message"])
    .where("id", "=", id.toLowerCase())
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    migration: fromMirroredFields(row),
    firstSeenMs: Number(row.first_seen_ms),
    lastSeenMs: Number(row.last_seen_ms),
    ...(row.status_since_ms !== null ? { statusSinceMs: Number(row.status_since_ms) } : {}),
    ...(row.error_message !== null ? { errorMessage: row.error_message } : {}),
  };
}

export interface ObservedStatusChange {
  from: string | null;
  to: string | null;
  observedMs: number;
  source: string;
  /** The reason a webhook gave with this change; undefined for changes without one. */
  errorMessage?: string;
}

/**
 * The migration's observed history, oldest first: the changes recorded, preceded by its first
 * sighting when that is implied by the mirrored row (see MirrorMigrationTable.first_seen_source) —
 * from nothing to the status it had then, which is where the first recorded change started from.
 */
export async function statusHistory(db: Kysely<AppSchema>, id: string, limit = 500): Promise<ObservedStatusChange[]> {
  const wanted = id.toLowerCase();
  const [rows, mirrored] = await Promise.all([
    db
      .selectFrom("mirror_status_changes")
      .select(["from_status", "to_status", "observed_ms", "source", "error_message"])
      .where("migration_id", "=", wanted)
      .orderBy("observed_ms", "asc")
      .orderBy("id", "asc")
      .limit(limit)
      .execute(),
    db
      .selectFrom("mirror_migrations")
      .select(["status", "first_seen_ms", "first_seen_source"])
      .where("id", "=", wanted)
      .executeTakeFirst(),
  ]);
  const changes: ObservedStatusChange[] = rows.map((row) => ({
    from: row.from_status,
    to: row.to_status,
    observedMs: Number(row.observed_ms),
    source: row.source,
    ...(row.error_message !== null ? { errorMessage: row.error_message } : {}),
  }));
  if (!mirrored || mirrored.first_seen_source === null) return changes;
  const firstSighting: ObservedStatusChange = {
    from: null,
    to: changes[0] ? changes[0].from : mirrored.status,
    observedMs: Number(mirrored.first_seen_ms),
    source: mirrored.first_seen_source,
  };
  return [firstSighting, ...changes].slice(0, limit);
}

export async function countMirroredMigrations(db: Kysely<AppSchema>): Promise<number> {
  const row = await db
    .selectFrom("mirror_status_counts")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("count"), eb.lit(0)).as("total"))
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}
