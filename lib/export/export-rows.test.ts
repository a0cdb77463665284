import { describe, expect, it } from "vitest";
import { listMigrationView } from "@/lib/bff/list-view";
import { importEntries } from "@/lib/directory/import-entries";
import { createdRangeUs, SORTS } from "@/lib/migrations/list-options";
import { parseMigrationListParams } from "@/lib/migrations/list-params";
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
import { exportMigrations } from "./export-response";
import { planExport, readExportBatch } from "./export-rows";
import { type ExportCursor, exportStream } from "./export-stream";

const STATUSES = ["NOT_STARTED", "WORKING", "COMPLETE", "FAILED", "NEW_THING"];
const COMPANIES = ["company-a", "company-b", null];
const USERS = ["user-1", "user-2", "user-3"];
/**
 * The directory: names whose order is not their ids' (acme < company-b, shown by id < Émile < Zeta),
 * in mixed case and with an accent; company-b and users 2 and 4 have none.
 */
const COMPANY_NAMES: Record<string, string> = {
  "company-a": "Zeta Foods",
  "company-c": "acme",
  "company-d": "Émile & Co",
};
const USER_NAMES: Record<string, string> = { "user-1": "Ana Lima", "user-3": "Bo" };
const DAY_US = 86_400_000_000;
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

/**
 * Rows over six UTC days (2025-11-27 to 2025-12-02), a few seconds apart at most within a day (ties
 * again), over four companies and none, four users.
 */
function spreadDataset(seed: number, size: number): Row[] {
  const random = seededRandom(seed);
  return Array.from({ length: size }, (): Row => {
    const createdUs = BASE_US - random.int(6) * DAY_US - random.int(20) * 1_000_000;
    const status = random.pick(STATUSES);
    return {
      createdUs,
      reason: status === "FAILED" && random.next() < 0.7 ? random.pick(REASONS) : null,
      migration: {
        id: random.uuid(),
        ...createdAt(createdUs),
        status,
        createdByUserId: random.pick([...USERS, "user-4"]),
        companyId: random.pick(["company-a", "company-b", "company-c", "company-d", null]),
      },
    };
  });
}

/** The created sorts' export, computed from the rows the test wrote (not from the code under test). */
function expectedIds(rows: readonly Row[], filters: ExportFilters): string[] {
  const { createdFromUs = Number.NEGATIVE_INFINITY, createdToUs = Number.POSITIVE_INFINITY } = createdRangeUs(filters);
  const matching = rows
    .filter((row) => row.createdUs >= createdFromUs && row.createdUs < createdToUs)
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

  async function loadNames(): Promise<void> {
    const companies = Object.entries(COMPANY_NAMES).map(([company_id, name]) => ({ company_id, name }));
    const users = Object.entries(USER_NAMES).map(([user_id, name]) => ({ user_id, name }));
    await importEntries(app().db, "companies", companies);
    await importEntries(app().db, "users", users);
  }

  /** The export's rows as the stream reads them: batch after batch, each from the previous one's cursor. */
  async function walk(filters: ExportFilters, limit: number): Promise<{ rows: ExportRow[]; batches: number }> {
    const plan = await planExport(app().db, filters);
    const rows: ExportRow[] = [];
    let cursor: ExportCursor | undefined;
    let batches = 0;
    for (;;) {
      const batch = await readExportBatch(app().db, plan, cursor, limit);
      batches++;
      rows.push(...batch.rows);
      expect(batch.rows.length).toBeLessThanOrEqual(limit);
      if (!batch.next) return { rows, batches };
      expect(batch.rows.length).toBe(limit);
      cursor = batch.next;
    }
  }

  /** The oracle: the list view of the same query (names and all), through the BFF's own function, page by page. */
  async function listedView(query: string): Promise<{ rows: Migration[]; total: number }> {
    const rows: Migration[] = [];
    for (let page = 1; ; page++) {
      const params = parseMigrationListParams(new URLSearchParams(`${query}&page=${page}&page_size=10`));
      const view = await listMigrationView(app().db, params, Date.UTC(2026, 0, 3));
      rows.push(...view.data);
      if (view.data.length < 10) return { rows, total: view.total };
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

  it("carries the fields the file needs: status, owners and their names, created to the microsecond, the reason", async () => {
    const rows = spreadDataset(5, 40);
    await load(rows);
    await loadNames();
    const { rows: exported } = await walk({ statuses: [], sort: "-created" }, 1000);
    expect(exported).toHaveLength(rows.length);
    for (const row of rows) {
      const { companyId, createdByUserId } = row.migration;
      const found = exported.find((e) => e.id === row.migration.id.toLowerCase());
      expect(found).toEqual({
        id: row.migration.id.toLowerCase(),
        status: row.reason !== null ? "FAILED" : row.migration.status,
        company_id: companyId,
        company_name: companyId === null ? null : (COMPANY_NAMES[companyId] ?? null),
        created_by_user_id: createdByUserId,
        created_by_user_name: USER_NAMES[createdByUserId] ?? null,
        created_us: row.createdUs,
        error_message: row.reason,
      });
    }
    // Not vacuous: named and unnamed companies and users, and rows without a company, are all there.
    for (const column of ["company_name", "created_by_user_name"] as const) {
      expect(exported.some((e) => e[column] === null)).toBe(true);
      expect(exported.some((e) => e[column] !== null)).toBe(true);
    }
    expect(exported.some((e) => e.company_id === null)).toBe(true);
    expect(exported.some((e) => e.company_id !== null && e.company_name === null)).toBe(true);
  });

  it("applies the created range (whole UTC days, the last one included) with the other filters", async () => {
    const rows = spreadDataset(17, 160);
    await load(rows);
    for (const query of [
      "created_from=2025-11-29&created_to=2025-12-01",
      "created_from=2025-12-02&sort=created",
      "created_to=2025-11-28&status=FAILED,COMPLETE",
      "created_from=2025-11-30&company_id=company-b&created_by_user_id=user-2",
      "created_from=2025-11-28&created_to=2025-11-28&reason=quota&sort=created",
      "created_from=2025-12-03",
    ]) {
      const { filters } = parseExportRequest(new URLSearchParams(query));
      const expected = expectedIds(rows, filters);
      const { rows: exported } = await walk(filters, 7);
      expect(
        exported.map((row) => row.id),
        query,
      ).toEqual(expected);
      // Not vacuous: the range leaves some rows out, except the one after the data.
      if (filters.createdFrom !== "2025-12-03") {
        expect(expected.length, query).toBeGreaterThan(0);
        const { createdFrom: _from, createdTo: _to, ...unranged } = filters;
        expect(expected.length, query).toBeLessThan(expectedIds(rows, unranged).length);
      }
    }
  });

  describe("in the list's order for every sort: the same rows as the list view, page by page", () => {
    const VIEWS = [
      "",
      "created_from=2025-11-29&created_to=2025-12-01",
      "created_from=2025-11-28&status=FAILED,COMPLETE,NEW_THING",
      "created_to=2025-12-01&created_by_user_id=user-2",
      "created_from=2025-11-29&reason=quota",
      "created_from=2025-11-30&company_id=company-c",
    ];

    it.each(SORTS)("sort=%s", async (sort) => {
      const rows = spreadDataset(29, 150);
      await load(rows);
      await loadNames();
      for (const view of VIEWS) {
        const query = `sort=${sort}${view ? `&${view}` : ""}`;
        const { filters } = parseExportRequest(new URLSearchParams(query));
        const listed = await listedView(query);
        expect(listed.rows.length, query).toBe(listed.total);
        // Batches of 7 cross group ends inside a batch; batches of 1 end at every group's end.
        for (const limit of view === "" ? [7, 1] : [7]) {
          const { rows: exported, batches } = await walk(filters, limit);
          expect(
            exported.map((row) => row.id),
            `${query} in batches of ${limit}`,
          ).toEqual(listed.rows.map((m) => m.id));
          expect(batches, query).toBe(Math.floor(exported.length / limit) + 1);
          expect(
            exported.map((row) => [row.company_name, row.created_by_user_name]),
            query,
          ).toEqual(listed.rows.map((m) => [m.companyName ?? null, m.createdByUserName ?? null]));
        }
        // The list has rows here and the range is not all of them (checked from the rows written).
        if (view !== "") expect(listed.total, query).toBeLessThan(rows.length);
        expect(listed.total, query).toBeGreaterThan(0);
      }
    });
  });

  it("streams a range of a view sorted by company as CSV: the list's rows, with the names", async () => {
    const rows = spreadDataset(23, 180);
    await load(rows);
    await loadNames();
    const query = "status=FAILED,COMPLETE,WORKING&created_from=2025-11-28&created_to=2025-12-01&sort=-company";
    const request = parseExportRequest(new URLSearchParams(query));
    const plan = await planExport(app().db, request.filters);
    const stream = exportStream((cursor, limit) => readExportBatch(app().db, plan, cursor, limit), {
      format: "csv",
      timeZone: "Europe/Paris",
      batchSize: 16,
    });
    const [header, ...lines] = (await new Response(stream).text()).trimEnd().split("\r\n");
    expect(header?.split(",").slice(3, 7)).toEqual([
      "company_id",
      "company_name",
      "created_by_user_id",
      "created_by_user_name",
    ]);
    const listed = await listedView(query);
    expect(lines.map((line) => line.slice(0, 36))).toEqual(listed.rows.map((m) => m.id));
    const named = lines.find((line) => line.includes("company-d"));
    expect(named).toContain(",company-d,Émile & Co,");

    const response = await exportMigrations(app().db, { ...request, format: "json" }, Date.UTC(2026, 10, 29, 22, 15));
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="migrations_status-FAILED+COMPLETE+WORKING_created-2025-11-28-to-2025-12-01_by-company-desc_2026-11-29T2215Z.json"',
    );
    const records = (await response.json()) as Array<{ id: string }>;
    expect(records.map((record) => record.id)).toEqual(listed.rows.map((m) => m.id));
  });
});
