import "server-only";
import type { DocumentedStatus } from "@/lib/migrations/statuses";
import type { MigrationResource } from "./contract";
import type { EmbeddedDatabase } from "./database";
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

const COLUMNS = "m.id, m.created_us, m.status, m.created_by_user_id, m.company_id";

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

function whereClause(organizationId: string, filters: MigrationFilters) {
  const conditions = ["organization_id = ?"];
  const values: Array<string | number> = [organizationId];
  if (filters.statuses && filters.statuses.length > 0) {
    conditions.push(`status IN (${filters.statuses.map(() => "?").join(", ")})`);
    values.push(...filters.statuses);
  }
  if (filters.companyId !== undefined) {
    conditions.push("company_id = ?");
    values.push(filters.companyId);
  }
  if (filters.createdByUserId !== undefined) {
    conditions.push("created_by_user_id = ?");
    values.push(filters.createdByUserId);
  }
  return { sql: conditions.join(" AND "), values };
}

/**
 * One page of an organization's migrations, newest first with `id` as the tie-break.
 * The inner query walks only an index (which holds `id`) to find the page, so a deep page skips
 * index entries rather than table rows; only the page's rows are then read in full.
 */
export function listMigrationPage(
  db: EmbeddedDatabase,
  organizationId: string,
  filters: MigrationFilters,
  { page, pageSize }: PageRequest,
): MigrationResource[] {
  const where = whereClause(organizationId, filters);
  const rows = db
    .prepare(
      `SELECT ${COLUMNS}
       FROM (SELECT id FROM migrations WHERE ${where.sql}
             ORDER BY created_us DESC, id DESC LIMIT ? OFFSET ?) AS page
       JOIN migrations AS m ON m.id = page.id
       ORDER BY m.created_us DESC, m.id DESC`,
    )
    .all(...where.values, pageSize, (page - 1) * pageSize) as MigrationRow[];
  return rows.map(toResource);
}

export function countMigrations(db: EmbeddedDatabase, organizationId: string, filters: MigrationFilters): number {
  const where = whereClause(organizationId, filters);
  const row = db.prepare(`SELECT COUNT(*) AS total FROM migrations WHERE ${where.sql}`).get(...where.values) as {
    total: number;
  };
  return row.total;
}

/** One migration of this organization; another organization's migration is as absent as a missing one. */
export function findMigration(db: EmbeddedDatabase, organizationId: string, id: string): MigrationResource | undefined {
  const row = db
    .prepare(`SELECT ${COLUMNS} FROM migrations AS m WHERE m.id = ? AND m.organization_id = ?`)
    .get(id, organizationId) as MigrationRow | undefined;
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
