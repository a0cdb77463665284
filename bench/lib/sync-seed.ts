/**
 * Seeds the embedded API's database for the sync benchmark: N migrations of the demo organization (the
 * one the dashboard's demo key reads), almost all in a final status, with a chosen set still running —
 * most among the newest, a few old and stuck.
 *
 * Fast enough for 1,000,000 rows: the rows come from the demo-data generator and go in through
 * `insertMigrations`, but with the list indexes and count triggers dropped for the load (their exact SQL is
 * read back from sqlite_master and re-run afterwards), the counts and the list version filled in one
 * statement each, and no journal during the load (a throw-away file).
 */
import { performance } from "node:perf_hooks";
import { openDatabase } from "@/lib/embedded-api/database";
import { DEMO_ORGANIZATION, generateDemoMigrations } from "@/lib/embedded-api/demo-data";
import { insertMigrations, type MigrationRecord } from "@/lib/embedded-api/migrations-store";
import { ensureOrganization } from "@/lib/embedded-api/organizations";
import { randomInt, seededRandom, weightedPick } from "@/lib/embedded-api/random";
import type { DocumentedStatus } from "@/lib/migrations/statuses";

/** The sync engine's page size against the embedded API (its largest accepted one). */
export const PAGE_SIZE = 100;
/** The engine's "recent" zone: running migrations within this many pages of the top are re-checked often. */
export const RECENT_PAGES = 20;
export const RECENT_ROWS = RECENT_PAGES * PAGE_SIZE;

export interface RunningPlan {
  /** Running migrations among the newest RECENT_ROWS, denser towards the top. */
  recent: number;
  /** Running migrations further down: old and stuck. */
  old: number;
  seed: number;
}

export const DEFAULT_RUNNING_PLAN: RunningPlan = { recent: 180, old: 20, seed: 7 };

export interface RunningMigration {
  id: string;
  /** Position in the upstream's list order (0 = newest). */
  rank: number;
  /** 1-based page of PAGE_SIZE rows. */
  page: number;
  status: DocumentedStatus;
}

export interface SeededData {
  total: number;
  running: RunningMigration[];
  /** The company with the most migrations (the heaviest real company filter). */
  topCompany: { id: string; migrations: number };
  timings: { generateS: number; writeS: number };
}

const RUNNING: ReadonlyArray<readonly [DocumentedStatus, number]> = [
  ["NOT_STARTED", 15],
  ["WORKING", 45],
  ["PENDING_USER_INPUT", 20],
];
const FINAL: ReadonlyArray<readonly [DocumentedStatus, number]> = [
  ["COMPLETE", 85],
  ["FAILED", 8],
  ["COMPLETED_WITH_FAILURES", 7],
];
const RUNNING_SET: ReadonlySet<string> = new Set(RUNNING.map(([status]) => status));

/** Distinct ranks drawn by `draw` until there are `count` of them. */
function distinctRanks(count: number, draw: () => number): Set<number> {
  const ranks = new Set<number>();
  while (ranks.size < count) ranks.add(draw());
  return ranks;
}

export function seedSyncBenchDatabase(file: string, total: number, plan: RunningPlan = DEFAULT_RUNNING_PLAN) {
  const recentRows = Math.min(RECENT_ROWS, total);
  if (plan.recent > recentRows / 2 || plan.old > (total - recentRows) / 2) {
    throw new Error(`${total} migrations are too few for ${plan.recent} recent and ${plan.old} old running ones`);
  }
  const started = performance.now();
  const generated = generateDemoMigrations({
    migrations: total,
    companies: 40,
    users: 200,
    seed: 42,
    now: new Date(),
    days: 90,
    organizations: [{ name: DEMO_ORGANIZATION, weight: 1 }],
  });
  // The upstream's list order: newest first, id descending as the tie-break.
  generated.sort((a, b) => b.createdUs - a.createdUs || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));

  const random = seededRandom(plan.seed);
  // Cubed: most running ones on the first pages, some pages further down with a single one.
  const recent = distinctRanks(plan.recent, () => Math.floor(recentRows * random() ** 3));
  const old = distinctRanks(plan.old, () => recentRows + randomInt(random, total - recentRows));
  const running: RunningMigration[] = [];
  const companies = new Map<string, number>();
  for (const [rank, migration] of generated.entries()) {
    if (recent.has(rank) || old.has(rank)) {
      migration.status = weightedPick(random, RUNNING);
      running.push({ id: migration.id, rank, page: Math.floor(rank / PAGE_SIZE) + 1, status: migration.status });
    } else if (RUNNING_SET.has(migration.status)) {
      migration.status = weightedPick(random, FINAL);
    }
    if (migration.companyId) companies.set(migration.companyId, (companies.get(migration.companyId) ?? 0) + 1);
  }
  const [topId, topCount] = [...companies].reduce((best, entry) => (entry[1] > best[1] ? entry : best));
  const generatedAt = performance.now();

  const db = openDatabase(file);
  try {
    // A throw-away file written once: no journal, no syncing, sorting in memory.
    db.pragma("journal_mode = OFF");
    db.pragma("synchronous = OFF");
    db.pragma("temp_store = MEMORY");
    db.pragma("cache_size = -1000000");
    const organizationId = ensureOrganization(db, DEMO_ORGANIZATION).id;
    const extras = db
      .prepare(
        `SELECT type, name, sql FROM sqlite_master
         WHERE tbl_name = 'migrations' AND type IN ('index', 'trigger') AND sql IS NOT NULL`,
      )
      .all() as Array<{ type: "index" | "trigger"; name: string; sql: string }>;
    for (const extra of extras) db.exec(`DROP ${extra.type.toUpperCase()} "${extra.name}"`);
    insertMigrations(
      db,
      generated.map(({ organization: _organization, ...rest }): MigrationRecord => ({ ...rest, organizationId })),
    );
    db.transaction(() => {
      for (const extra of extras) db.exec(extra.sql);
      db.exec(`INSERT INTO migration_counts (organization_id, status, count)
               SELECT organization_id, status, COUNT(*) FROM migrations GROUP BY organization_id, status`);
      db.exec(`INSERT INTO organization_versions (organization_id, version)
               SELECT organization_id, 1 FROM migrations GROUP BY organization_id`);
    })();
    db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
  const data: SeededData = {
    total,
    running,
    topCompany: { id: topId, migrations: topCount },
    timings: { generateS: (generatedAt - started) / 1000, writeS: (performance.now() - generatedAt) / 1000 },
  };
  return data;
}
