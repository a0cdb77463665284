import "server-only";
import { type Kysely, sql } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import type { Migration, MigrationSort } from "@/lib/migrations/migration";
import { ANCHOR_SPACING, type Anchor, anchorFor, DIRECT_OFFSET_LIMIT, positionOldestFirst } from "./deep-pages";
import { compareCompanyGroups, type Group, slicesForPage } from "./grouped-pages";
import { fromMirroredFields, type MirroredFields } from "./mirror-row";

export interface MirrorFilters {
  statuses?: readonly string[];
  companyId?: string;
  createdByUserId?: string;
  /** Failure reason contains this text, in any case (LIKE over the rows with a reason). */
  reasonContains?: string;
  /** Only migrations without a company (one group of the company order). */
  withoutCompany?: boolean;
  /** Created at or after (µs since the epoch). */
  createdFromUs?: number;
  /** Created before (µs since the epoch, excluded). */
  createdToUs?: number;
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
  if (filters.withoutCompany) query = query.where("company_id", "is", null);
  if (filters.createdByUserId !== undefined) query = query.where("created_by_user_id", "=", filters.createdByUserId);
  if (filters.createdFromUs !== undefined) query = query.where("created_us", ">=", filters.createdFromUs);
  if (filters.createdToUs !== undefined) query = query.where("created_us", "<", filters.createdToUs);
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
 * One page of mirrored migrations in list order: by `created` (newest first, `id` descending as the
 * tie-break, or the reverse), or grouped by status or company name (see grouped-pages.ts).
 * `knownTotal` is how many rows match the filters (counted when not given): deep pages are read
 * oldest-first from a cached anchor instead of skipping every row before them (see deep-pages.ts).
 */
export async function listMirroredMigrations(
  db: Kysely<AppSchema>,
  request: MirrorPageRequest,
  knownTotal?: number,
): Promise<Migration[]> {
  const offset = (request.page - 1) * request.pageSize;
  if (request.sort === "created" || request.sort === "-created") {
    const total = knownTotal ?? (await countMatching(db, request));
    return listSlice(db, request, { offset, limit: request.pageSize, newestFirst: request.sort === "-created", total });
  }
  const groups = await listGroups(db, request, request.sort);
  const pages = await Promise.all(
    slicesForPage(groups, offset, request.pageSize).map((slice) => {
      const group = groups.find((candidate) => candidate.key === slice.key) as Group<GroupFilter>;
      return listSlice(
        db,
        { ...request, ...slice.key },
        { offset: slice.offset, limit: slice.limit, newestFirst: true, total: group.count },
      );
    }),
  );
  return pages.flat();
}

/** What narrows the filters to one group. */
export type GroupFilter = Pick<MirrorFilters, "statuses" | "companyId" | "withoutCompany">;

export type GroupedSort = Exclude<MigrationSort, "created" | "-created">;

/**
 * The groups of a grouped sort, in display order, with how many rows each holds: the list pages
 * through them, and the export walks them one after the other, so both have the same order.
 */
export function listGroups(
  db: Kysely<AppSchema>,
  filters: MirrorFilters,
  sort: GroupedSort,
): Promise<Array<Group<GroupFilter>>> {
  return sort === "status" || sort === "-status"
    ? statusGroups(db, filters, sort === "-status")
    : companyGroups(db, filters, sort === "-company");
}

async function statusGroups(
  db: Kysely<AppSchema>,
  filters: MirrorFilters,
  descending: boolean,
): Promise<Array<Group<GroupFilter>>> {
  const { statuses, ...owner } = filters;
  const counts = await countMirroredByStatus(db, owner);
  const wanted = statuses && statuses.length > 0 ? statuses : Object.keys(counts);
  // Status values are upper-case ASCII: code-point order is A→Z on every engine and locale.
  const ordered = [...new Set(wanted)].sort();
  if (descending) ordered.reverse();
  return ordered.map((status) => ({ key: { statuses: [status] }, count: counts[status] ?? 0 }));
}

async function companyGroups(
  db: Kysely<AppSchema>,
  filters: MirrorFilters,
  descending: boolean,
): Promise<Array<Group<GroupFilter>>> {
  const statuses = filters.statuses && filters.statuses.length > 0 ? [...filters.statuses] : undefined;
  let rows: Array<{ companyId: string | null; label: string; count: number }>;
  const keptCountsApply =
    filters.createdByUserId === undefined &&
    filters.reasonContains === undefined &&
    filters.createdFromUs === undefined &&
    filters.createdToUs === undefined;
  if (keptCountsApply) {
    // The counts the writes keep per company, with the directory's names: no migration row is read.
    let query = db
      .selectFrom("mirror_owner_status_counts as counts")
      .leftJoin("directory_companies as names", "names.company_id", "counts.owner_id")
      .select((eb) => ["counts.owner_id", "names.name", eb.fn.sum<number>("counts.count").as("count")])
      .where("counts.owner_kind", "=", "company")
      .where("counts.count", ">", 0)
      .groupBy(["counts.owner_id", "names.name"]);
    if (statuses) query = query.where("counts.status", "in", statuses);
    if (filters.companyId !== undefined) query = query.where("counts.owner_id", "=", filters.companyId);
    const named = await query.execute();
    rows = named.map((row) => ({ companyId: row.owner_id, label: row.name ?? row.owner_id, count: Number(row.count) }));
    const withCompany = rows.reduce((sum, row) => sum + row.count, 0);
    const total = filters.companyId !== undefined ? withCompany : await countMatching(db, filters);
    rows.push({ companyId: null, label: "", count: total - withCompany });
  } else {
    // A user's, a reason's or a created range's migrations: counted per company from the rows (a range
    // through the (created_us, status, company_id) index alone).
    const counted = await filteredMirror(db, filters)
      .select((eb) => ["company_id", eb.fn.countAll<number>().as("count")])
      .groupBy("company_id")
      .execute();
    const names = await directoryCompanyNames(
      db,
      counted.flatMap((row) => (row.company_id === null ? [] : [row.company_id])),
    );
    rows = counted.map((row) => ({
      companyId: row.company_id,
      label: row.company_id === null ? "" : (names.get(row.company_id) ?? row.company_id),
      count: Number(row.count),
    }));
  }
  const ordered = rows.sort(compareCompanyGroups);
  if (descending) {
    // Z→A, but migrations without a company stay last.
    const withoutCompany = ordered.filter((row) => row.companyId === null);
    ordered.splice(0, ordered.length, ...ordered.filter((row) => row.companyId !== null).reverse(), ...withoutCompany);
  }
  return ordered.map((row) => ({
    key: row.companyId === null ? { withoutCompany: true } : { companyId: row.companyId },
    count: row.count,
  }));
}

async function directoryCompanyNames(db: Kysely<AppSchema>, ids: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom("directory_companies")
      .select(["company_id", "name"])
      .where("company_id", "in", ids.slice(i, i + 500))
      .execute();
    for (const row of rows) names.set(row.company_id, row.name);
  }
  return names;
}

/**
 * `limit` rows from `offset` of the filtered rows in created order (newest first or oldest first),
 * of which there are `total`. Near either end by OFFSET; deeper from the nearest cached anchor.
 */
async function listSlice(
  db: Kysely<AppSchema>,
  filters: MirrorFilters,
  slice: { offset: number; limit: number; newestFirst: boolean; total: number },
): Promise<Migration[]> {
  const { offset, newestFirst, total } = slice;
  if (offset >= total || slice.limit <= 0) return [];
  if (offset <= DIRECT_OFFSET_LIMIT) {
    const direction = newestFirst ? "desc" : "asc";
    const rows = await filteredMirror(db, filters)
      .select(LIST_COLUMNS)
      .orderBy("created_us", direction)
      .orderBy("id", direction)
      .limit(slice.limit)
      .offset(offset)
      .execute();
    return rows.map(toListRow);
  }

  // The same rows, as positions counted from the oldest.
  let position = newestFirst ? total - offset - slice.limit : offset;
  let limit = slice.limit;
  if (position < 0) {
    limit += position;
    position = 0;
  }
  const start =
    position < ANCHOR_SPACING
      ? undefined
      : await anchorFor(db, filterKey(filters), position, () => buildAnchors(db, filters));
  let query = filteredMirror(db, filters).select(LIST_COLUMNS);
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
    ...(filters.withoutCompany ? { withoutCompany: true } : {}),
    ...(filters.createdFromUs !== undefined ? { createdFromUs: filters.createdFromUs } : {}),
    ...(filters.createdToUs !== undefined ? { createdToUs: filters.createdToUs } : {}),
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
    filters.withoutCompany ?? false,
    filters.createdFromUs ?? null,
    filters.createdToUs ?? null,
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
  const { companyId, createdByUserId, reasonContains, withoutCompany, createdFromUs, createdToUs } = filters;
  // The kept counts are per status and owner: a reason, the no-company group or a created range is counted over the rows.
  const kept =
    withoutCompany === undefined &&
    reasonContains === undefined &&
    createdFromUs === undefined &&
    createdToUs === undefined;
  if (kept && companyId === undefined && createdByUserId === undefined) {
    const rows = await db
      .selectFrom("mirror_status_counts")
      .select(["status", "count"])
      .where("count", ">", 0)
      .execute();
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  }
  if (kept && (companyId === undefined || createdByUserId === undefined)) {
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
