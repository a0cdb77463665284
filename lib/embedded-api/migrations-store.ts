import "server-only";
import type Database from "better-sqlite3";
import type { DocumentedStatus } from "@/lib/migrations/statuses";
import type { MigrationResource } from "./contract";
import type { EmbeddedDatabase } from "./database";
import { PageAnchorCache, type SortKey } from "./page-anchors";
import { formatNaiveUtcMicros } from "./timestamps";

export interface MigrationRecord {
  id: string;
  organizationId: string;
  createdUs: number;
  status: DocumentedStatus;
  createdByUserId: string;
  companyId: string | null;
}

export interface MigrationFilters {
  statuses?: readonly string[];
  companyId?: string;
  createdByUserId?: string;
}

export interface PageRequest {
  page: number;
  pageSize: number;
}

type MigrationRow = {
  id: string;
  created_us: number;
  status: DocumentedStatus;
  created_by_user_id: string;
  company_id: string | null;
};

const COLUMNS = "id, created_us, status, created_by_user_id, company_id";

function toResource(row: MigrationRow): MigrationResource {
  return {
    object: "migration",
    id: row.id,
    created: formatNaiveUtcMicros(row.created_us),
    status: row.status,
    created_by_user_id: row.created_by_user_id,
    company_id: row.company_id,
  };
}

type SqlValue = string | number;
type Statement = Database.Statement<unknown[]>;

function distinctStatuses(filters: MigrationFilters): string[] | undefined {
  return filters.statuses && filters.statuses.length > 0 ? [...new Set(filters.statuses)] : undefined;
}

function sharedConditions(filters: MigrationFilters, from?: SortKey) {
  const conditions: string[] = [];
  const values: SqlValue[] = [];
  if (filters.companyId !== undefined) {
    conditions.push("company_id = ?");
    values.push(filters.companyId);
  }
  if (filters.createdByUserId !== undefined) {
    conditions.push("created_by_user_id = ?");
    values.push(filters.createdByUserId);
  }
  if (from) {
    conditions.push("(created_us, id) <= (?, ?)");
    values.push(...from);
  }
  return { conditions, values };
}

/** The SQL of the list for these filters, in list order, optionally starting at a row (inclusive). */
function orderedList(columns: string, organizationId: string, filters: MigrationFilters, from?: SortKey) {
  const shared = sharedConditions(filters, from);
  // Several statuses become one index walk per status, merged in order by SQLite (MERGE UNION ALL),
  // instead of one walk over every status that throws most rows away.
  const arms: string[] = [];
  const values: SqlValue[] = [];
  for (const status of distinctStatuses(filters) ?? [undefined]) {
    const conditions = ["organization_id = ?", ...(status === undefined ? [] : ["status = ?"]), ...shared.conditions];
    arms.push(`SELECT ${columns} FROM migrations WHERE ${conditions.join(" AND ")}`);
    values.push(organizationId, ...(status === undefined ? [] : [status]), ...shared.values);
  }
  return { sql: `${arms.join(" UNION ALL ")} ORDER BY created_us DESC, id DESC`, values };
}

const statementCaches = new WeakMap<EmbeddedDatabase, Map<string, Statement>>();

/** Prepared statements are reused per SQL text: preparing costs about as much as a small query. */
function statement(db: EmbeddedDatabase, sql: string): Statement {
  let cache = statementCaches.get(db);
  if (!cache) {
    cache = new Map();
    statementCaches.set(db, cache);
  }
  let prepared = cache.get(sql);
  if (!prepared) {
    prepared = db.prepare(sql);
    cache.set(sql, prepared);
  }
  return prepared;
}

function organizationVersion(db: EmbeddedDatabase, organizationId: string): number {
  const row = statement(db, "SELECT version FROM organization_versions WHERE organization_id = ?").get(
    organizationId,
  ) as { version: number } | undefined;
  return row?.version ?? 0;
}

const anchorCaches = new WeakMap<EmbeddedDatabase, PageAnchorCache>();

function anchorCacheFor(db: EmbeddedDatabase): PageAnchorCache {
  let cache = anchorCaches.get(db);
  if (!cache) {
    cache = new PageAnchorCache();
    anchorCaches.set(db, cache);
  }
  return cache;
}

/**
 * One page of an organization's migrations, newest first with `id` as the tie-break.
 * The page is one walk over a covering index, starting from the nearest cached anchor for deep pages.
 */
export function listMigrationPage(
  db: EmbeddedDatabase,
  organizationId: string,
  filters: MigrationFilters,
  { page, pageSize }: PageRequest,
): MigrationResource[] {
  const listKey = JSON.stringify([
    organizationId,
    [...(filters.statuses ?? [])].sort(),
    filters.companyId,
    filters.createdByUserId,
  ]);
  const start = anchorCacheFor(db).locate(
    listKey,
    organizationVersion(db, organizationId),
    (page - 1) * pageSize,
    (from, skip) => {
      const list = orderedList("id, created_us", organizationId, filters, from);
      const row = statement(db, `${list.sql} LIMIT 1 OFFSET ?`)
        .raw()
        .get(...list.values, skip) as [string, number] | undefined;
      return row ? [row[1], row[0]] : undefined;
    },
  );
  const list = orderedList(COLUMNS, organizationId, filters, start.from);
  const rows = statement(db, `${list.sql} LIMIT ? OFFSET ?`).all(
    ...list.values,
    pageSize,
    start.offset,
  ) as MigrationRow[];
  return rows.map(toResource);
}

/** How many migrations match: from the trigger-kept counts unless a company or user filter applies. */
export function countMigrations(db: EmbeddedDatabase, organizationId: string, filters: MigrationFilters): number {
  const statuses = distinctStatuses(filters);
  const statusCondition = statuses ? ` AND status IN (${statuses.map(() => "?").join(", ")})` : "";
  if (filters.companyId === undefined && filters.createdByUserId === undefined) {
    return (
      statement(
        db,
        `SELECT COALESCE(SUM(count), 0) AS total FROM migration_counts WHERE organization_id = ?${statusCondition}`,
      ).get(organizationId, ...(statuses ?? [])) as { total: number }
    ).total;
  }
  const shared = sharedConditions(filters);
  return (
    statement(
      db,
      `SELECT COUNT(*) AS total FROM migrations
       WHERE ${["organization_id = ?", ...shared.conditions].join(" AND ")}${statusCondition}`,
    ).get(organizationId, ...shared.values, ...(statuses ?? [])) as { total: number }
  ).total;
}

/** One migration of this organization; another organization's migration is as absent as a missing one. */
export function findMigration(db: EmbeddedDatabase, organizationId: string, id: string): MigrationResource | undefined {
  const row = statement(db, `SELECT ${COLUMNS} FROM migrations WHERE id = ? AND organization_id = ?`).get(
    id,
    organizationId,
  ) as MigrationRow | undefined;
  return row ? toResource(row) : undefined;
}

export function insertMigrations(db: EmbeddedDatabase, records: readonly MigrationRecord[]): void {
  const insert = db.prepare(
    `INSERT INTO migrations (id, organization_id, created_us, status, created_by_user_id, company_id, updated_us)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const r of records) {
      insert.run(r.id, r.organizationId, r.createdUs, r.status, r.createdByUserId, r.companyId, r.createdUs);
    }
  })();
}

export function updateMigrationStatus(
  db: EmbeddedDatabase,
  id: string,
  status: DocumentedStatus,
  updatedUs: number,
): void {
  db.prepare("UPDATE migrations SET status = ?, updated_us = ? WHERE id = ?").run(status, updatedUs, id);
}

export function countAllMigrations(db: EmbeddedDatabase): number {
  return (db.prepare("SELECT COUNT(*) AS n FROM migrations").get() as { n: number }).n;
}
