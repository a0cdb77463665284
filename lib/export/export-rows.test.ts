import { describe, expect, it } from "vitest";
import type { Migration } from "@/lib/migrations/migration";
import { listMirroredMigrations } from "@/lib/mirror/queries";
import { recordReportedStatus } from "@/lib/mirror/record-event";
import { recordObservedMigrations } from "@/lib/mirror/record-observations";
import { BASE_US, createdAt } from "@/lib/mirror/testing";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { seededRandom } from "@/lib/testing/random";
import type { ExportRow } from "./encode";
import type { ExportFilters } from "./export-params";
import { parseExportRequest } from "./export-params";
import { readExportBatch } from "./export-rows";
import { type ExportCursor, exportStream } from "./export-stream";

const STATUSES = ["NOT_STARTED", "WORKING", "COMPLETE", "FAILED", "NEW_THING"];
const COMPANIES = ["company-a", "company-b", null];
const USERS = ["user-1", "user-2", "user-3"];
const REASONS = ["Mailbox QUOTA exceeded", "Token revoked, sign in again", "Partly failed: 100% of files"];

interface Row {
  migration: Migration;
  createdUs: number;
  reason: string | null;
}

/** Rows crowded into a few microseconds (the id decides many ties), some ids sent in upper case. */
function dataset(seed: number, size: number): Row[] {
  const random = seededRandom(seed);
  return Array.from({ length: size }, (): Row => {
    const createdUs = BASE_US - random.int(40) * 3;
    const id = random.uuid();
    const status = random.pick(STATUSES);
    return {
      createdUs,
      reason: status === "FAILED" && random.next() < 0.7 ? random.pick(REASONS) : null,
      migration: {
        id: random.next() < 0.2 ? id.toUpperCase() : id,
        ...createdAt(createdUs),
        status,
        createdByUserId: random.pick(USERS),
        companyId: random.pick(COMPANIES),
      },
    };
  });
}

/** The export as the list defines it, computed from the rows the test wrote (not from the code under test). */
function expectedIds(rows: readonly Row[], filters: ExportFilters): string[] {
  const matching = rows
    .filter((row) => filters.statuses.length === 0 || filters.statuses.includes(row.migration.status))
    .filter((row) => filters.companyId === undefined || row.migration.companyId === filters.companyId)
    .filter((row) => filters.createdByUserId === undefined || row.migration.createdByUserId === filters.createdByUserId)
    .filter(
      (row) =>
        filters.reason === undefined || (row.reason?.toLowerCase().includes(filters.reason.toLowerCase()) ?? false),
    )
    .map((row) => ({ createdUs: row.createdUs, id: row.migration.id.toLowerCase() }))
    .sort((a, b) => b.createdUs - a.createdUs || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((row) => row.id);
  return filters.sort === "-created" ? matching : matching.reverse();
}

const QUERIES = [
  "",
  "sort=created",
  "status=FAILED",
  "status=FAILED,NEW_THING&sort=created",
  "company_id=company-a",
  "company_id=company-b&created_by_user_id=user-2",
  "created_by_user_id=user-3&sort=created",
  "reason=quota",
  "reason=100%25&status=FAILED",
  "status=WORKING&company_id=company-a&created_by_user_id=user-1",
  "company_id=nobody",
];

describe.each(TEST_ENGINES)("export rows (%s)", (engine) => {
  const app = appDatabasePerTest(engine);

  async function load(rows: readonly Row[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 50) {
      const batch = rows.slice(i, i + 50).map((row) => row.migration);
      await recordObservedMigrations(app().db, batch, { source: "sync", nowMs: Date.UTC(2026, 0, 1) });
    }
    for (const row of rows) {
      if (row.reason === null) continue;
      await recordReportedStatus(app().db, {
        migrationId: row.migration.id,
        status: "FAILED",
        errorMessage: row.reason,
        eventMs: Date.UTC(2026, 0, 2),
        nowMs: Date.UTC(2026, 0, 2),
      });
    }
  }

  async function walk(filters: ExportFilters, limit: number): Promise<{ rows: ExportRow[]; batches: number }> {
    const rows: ExportRow[] = [];
    let cursor: ExportCursor | undefined;
    let batches = 0;
    for (;;) {
      const batch = await readExportBatch(app().db, filters, cursor, limit);
      batches++;
      rows.push(...batch);
      const last = batch.at(-1);
      if (!last || batch.length < limit) return { rows, batches };
      cursor = { createdUs: last.created_us, id: last.id };
    }
  }

  it("maps every filter and both sorts to the rows the list has, in its order, each once, in small batches", async () => {
    const rows = dataset(11, 240);
    await load(rows);
    for (const query of QUERIES) {
      const { filters } = parseExportRequest(new URLSearchParams(query));
      const expected = expectedIds(rows, filters);
      const { rows: exported, batches } = await walk(filters, 7);
      expect(
        exported.map((row) => row.id),
        query,
      ).toEqual(expected);
      expect(batches, query).toBe(Math.floor(expected.length / 7) + 1);
      // The list view, asked for the same filters in one long page, agrees.
      const listed = await listMirroredMigrations(app().db, {
        statuses: filters.statuses,
        ...(filters.companyId !== undefined ? { companyId: filters.companyId } : {}),
        ...(filters.createdByUserId !== undefined ? { createdByUserId: filters.createdByUserId } : {}),
        ...(filters.reason !== undefined ? { reasonContains: filters.reason } : {}),
        sort: filters.sort,
        page: 1,
        pageSize: 1000,
      });
      expect(
        listed.map((m) => m.id),
        query,
      ).toEqual(expected);
    }
  });

  it("carries the fields the file needs: status, owners, created to the microsecond, the reason", async () => {
    const rows = dataset(5, 30);
    await load(rows);
    const { rows: exported } = await walk({ statuses: [], sort: "-created" }, 1000);
    for (const row of rows) {
      const found = exported.find((e) => e.id === row.migration.id.toLowerCase());
      expect(found).toEqual({
        id: row.migration.id.toLowerCase(),
        status: row.reason !== null ? "FAILED" : row.migration.status,
        company_id: row.migration.companyId,
        created_by_user_id: row.migration.createdByUserId,
        created_us: row.createdUs,
        error_message: row.reason,
      });
    }
  });

  it("streams a filtered view from the database as CSV, every matching row once", async () => {
    const rows = dataset(23, 180);
    await load(rows);
    const { filters } = parseExportRequest(new URLSearchParams("status=FAILED,COMPLETE&sort=created"));
    const stream = exportStream((cursor, limit) => readExportBatch(app().db, filters, cursor, limit), {
      format: "csv",
      timeZone: "Europe/Paris",
      batchSize: 16,
    });
    const lines = (await new Response(stream).text()).trimEnd().split("\r\n");
    expect(lines.length - 1).toBe(expectedIds(rows, filters).length);
    expect(lines.slice(1).map((line) => line.slice(0, 36))).toEqual(expectedIds(rows, filters));
  });
});
