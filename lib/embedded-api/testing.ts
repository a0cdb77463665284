/**
 * Helpers for the embedded API's unit tests only. Never import this from production code.
 */
import { randomUUID } from "node:crypto";
import type { DocumentedStatus } from "@/lib/migrations/statuses";
import { createApiKey } from "./api-keys";
import { type EmbeddedDatabase, openDatabase } from "./database";
import { type EmbeddedApiContext, getMigration, listMigrations } from "./handlers";
import { insertMigrations, type MigrationRecord } from "./migrations-store";
import { ensureOrganization, type Organization } from "./organizations";

export const BASE_URL = "http://localhost/api/v1";
export const NAIVE_UTC_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/;
export const MIGRATION_KEYS = ["company_id", "created", "created_by_user_id", "id", "object", "status"];

/** 2025-12-02T23:51:49.807119 UTC, in epoch microseconds. */
export const T0_US = Date.UTC(2025, 11, 2, 23, 51, 49, 807) * 1000 + 119;

export function memoryDatabase(): EmbeddedDatabase {
  return openDatabase(":memory:");
}

export interface TestOrg {
  org: Organization;
  key: string;
  prefix: string;
}

export function makeOrg(db: EmbeddedDatabase, name: string): TestOrg {
  const org = ensureOrganization(db, name);
  const { key, prefix } = createApiKey(db, org, `${name} test key`);
  return { org, key, prefix };
}

export type Row = Omit<MigrationRecord, "organizationId">;

/** Inserts rows for an organization and returns them as stored records. */
export function insertRows(db: EmbeddedDatabase, org: Organization, rows: Array<Partial<Row>>): MigrationRecord[] {
  const records = rows.map(
    (row, i): MigrationRecord => ({
      id: row.id ?? randomUUID(),
      organizationId: org.id,
      createdUs: row.createdUs ?? T0_US - i * 1_000_000,
      status: row.status ?? "COMPLETE",
      createdByUserId: row.createdByUserId ?? "user0000000000001",
      companyId: row.companyId === undefined ? "company000000001" : row.companyId,
    }),
  );
  insertMigrations(db, records);
  return records;
}

/** The list order of the contract, computed independently of the store: created DESC, then id DESC. */
export function expectedOrder<T extends { id: string; createdUs: number }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => {
    if (a.createdUs !== b.createdUs) return b.createdUs - a.createdUs;
    return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
  });
}

export function authHeaders(key: string | undefined): HeadersInit {
  return key === undefined ? {} : { Authorization: `Bearer ${key}` };
}

export function listRequest(query: string, headers: HeadersInit): Request {
  return new Request(`${BASE_URL}/migrations${query ? `?${query}` : ""}`, { headers });
}

export function list(context: EmbeddedApiContext, key: string | undefined, query = ""): Promise<Response> {
  return listMigrations(listRequest(query, authHeaders(key)), context);
}

export function get(context: EmbeddedApiContext, key: string | undefined, id: string): Promise<Response> {
  return getMigration(
    new Request(`${BASE_URL}/migrations/${encodeURIComponent(id)}`, { headers: authHeaders(key) }),
    id,
    context,
  );
}

export interface ListBody {
  object: string;
  data: Array<Record<string, unknown>>;
  page: number;
  page_size: number;
  total: number;
  has_more: boolean;
}

export interface ErrorEnvelope {
  error: { type: string; message: string; param?: string };
}

/** The six contract fields of a stored record, as the API must render them. */
export function resourceOf(record: MigrationRecord, created: string) {
  return {
    object: "migration",
    id: record.id,
    created,
    status: record.status,
    created_by_user_id: record.createdByUserId,
    company_id: record.companyId,
  };
}

export const ALL_STATUSES: readonly DocumentedStatus[] = [
  "NOT_STARTED",
  "WORKING",
  "PENDING_USER_INPUT",
  "COMPLETE",
  "FAILED",
  "COMPLETED_WITH_FAILURES",
];

/** Formats epoch microseconds independently of timestamps.ts: UTC calendar fields, zero-padded. */
export function referenceFormat(epochMicros: number): string {
  const micros = ((epochMicros % 1_000_000) + 1_000_000) % 1_000_000;
  const d = new Date((epochMicros - micros) / 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return (
    `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}` +
    `T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(micros, 6)}`
  );
}
