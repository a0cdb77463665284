/**
 * Random mirrors for the insights' unit tests, and the plain-JavaScript answers (oracles) the
 * aggregates are checked against. Never import this from production code.
 */
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { isTerminalStatus } from "@/lib/migrations/statuses";
import type { SeededRandom } from "@/lib/testing/random";
import { DAY_MS } from "./range";

const HOUR = 3_600_000;
/** A fixed "now" for the tests: 2026-06-15 10:30 UTC. */
export const NOW_MS = Date.UTC(2026, 5, 15, 10, 30);

export interface TestMigration {
  id: string;
  status: string;
  company_id: string | null;
  created_by_user_id: string;
  created_us: number;
  first_seen_ms: number;
  status_since_ms: number | null;
  first_seen_source: string | null;
  error_message: string | null;
}

export interface TestChange {
  migration_id: string;
  from_status: string | null;
  to_status: string | null;
  observed_ms: number;
}

export interface TestMirror {
  migrations: TestMigration[];
  changes: TestChange[];
}

const COMPANIES = ["acme0001", "bolt0002", "cedar003", "delta004", "ember005", "fjord006"];
const FINAL = ["COMPLETE", "COMPLETE", "COMPLETE", "FAILED", "COMPLETED_WITH_FAILURES", "LOGIN_ABANDONED"];
const RUNNING = ["NOT_STARTED", "WORKING", "PENDING_USER_INPUT", "NOT_READY", "SOMETHING_NEW"];
const REASONS = ["Token expired", "Mailbox over quota", "Source unreachable"];

/**
 * `count` migrations created over the last ~100 days with observed histories: some first seen
 * already finished, some first seen as a history row and some implied (first_seen_source), some
 * running for hours or days, a few with a change to nothing (gone upstream), a few without a company.
 */
export function randomMirror(random: SeededRandom, count: number, nowMs = NOW_MS): TestMirror {
  const migrations: TestMigration[] = [];
  const changes: TestChange[] = [];
  for (let index = 0; index < count; index++) {
    const id = random.uuid();
    const createdMs = nowMs - random.int(100 * DAY_MS) - random.int(1000);
    const createdUs = createdMs * 1000 + random.int(1000);
    const firstSeenMs = Math.min(nowMs, createdMs + random.int(3) * random.int(30 * HOUR));
    const path: string[] = [random.pick(["NOT_STARTED", "NOT_READY", "WORKING", "PENDING_USER_INPUT"])];
    const steps = random.int(4);
    const next = (status: string) => path[path.length - 1] !== status && path.push(status);
    for (let step = 0; step < steps; step++) next(random.pick(RUNNING));
    if (random.next() < 0.75) next(random.pick(FINAL));
    // Some are first seen part-way (a backfill finding them finished or running).
    const seenFrom = random.int(path.length);
    const seen = path.slice(seenFrom);
    let at = firstSeenMs;
    const implied = random.next() < 0.5;
    if (!implied) changes.push({ migration_id: id, from_status: null, to_status: seen[0] ?? null, observed_ms: at });
    let statusSinceMs: number | null = null;
    for (let step = 1; step < seen.length; step++) {
      at += 1 + random.int(random.pick([HOUR, 10 * HOUR, 3 * DAY_MS]));
      if (at > nowMs) break;
      changes.push({
        migration_id: id,
        from_status: seen[step - 1] ?? null,
        to_status: seen[step] ?? null,
        observed_ms: at,
      });
      statusSinceMs = at;
    }
    const lastChange = changes[changes.length - 1];
    const status =
      statusSinceMs !== null && lastChange?.migration_id === id
        ? (lastChange.to_status as string)
        : (seen[0] as string);
    if (random.next() < 0.03) {
      changes.push({ migration_id: id, from_status: status, to_status: null, observed_ms: Math.min(nowMs, at + HOUR) });
    }
    migrations.push({
      id,
      status,
      company_id: random.next() < 0.05 ? null : random.pick(COMPANIES),
      created_by_user_id: `user${random.int(20)}`,
      created_us: createdUs,
      first_seen_ms: firstSeenMs,
      status_since_ms: statusSinceMs,
      first_seen_source: implied ? "sync" : null,
      error_message: status === "FAILED" && random.next() < 0.7 ? random.pick(REASONS) : null,
    });
  }
  return { migrations, changes };
}

/** Writes the mirror's rows, its history and the per-company and overall counts its writes keep. */
export async function insertMirror(db: Kysely<AppSchema>, mirror: TestMirror): Promise<void> {
  for (let start = 0; start < mirror.migrations.length; start += 200) {
    await db
      .insertInto("mirror_migrations")
      .values(
        mirror.migrations.slice(start, start + 200).map((m) => ({
          ...m,
          object: "migration",
          created_raw: new Date(Math.floor(m.created_us / 1000)).toISOString().slice(0, 23),
          last_seen_ms: NOW_MS,
          walk_generation: 1,
        })),
      )
      .execute();
  }
  for (let start = 0; start < mirror.changes.length; start += 200) {
    await db
      .insertInto("mirror_status_changes")
      .values(mirror.changes.slice(start, start + 200).map((c) => ({ ...c, source: "sync" })))
      .execute();
  }
  const overall = new Map<string, number>();
  const owners = new Map<string, number>();
  for (const m of mirror.migrations) {
    overall.set(m.status, (overall.get(m.status) ?? 0) + 1);
    if (m.company_id !== null)
      owners.set(`${m.company_id}\u0000${m.status}`, (owners.get(`${m.company_id}\u0000${m.status}`) ?? 0) + 1);
  }
  if (overall.size > 0) {
    await db
      .insertInto("mirror_status_counts")
      .values([...overall].map(([status, count]) => ({ status, count })))
      .execute();
  }
  if (owners.size > 0) {
    await db
      .insertInto("mirror_owner_status_counts")
      .values(
        [...owners].map(([key, count]) => {
          const [owner_id = "", status = ""] = key.split("\u0000");
          return { owner_kind: "company" as const, owner_id, status, count };
        }),
      )
      .execute();
  }
}

/** Nearest-rank percentile of numbers: the smallest value with at least ⌈p·n⌉ values at or below it. */
export function nearestRank(values: readonly number[], percent: 50 | 90): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((percent * sorted.length) / 100);
  return sorted[rank - 1] as number;
}

/** The oracle's time to complete of one migration: creation to the first observed change into a final status. */
export function oracleCompletionMs(migration: TestMigration, changes: readonly TestChange[]): number | undefined {
  const ends = changes
    .filter((c) => c.migration_id === migration.id && c.from_status !== null && c.to_status !== null)
    .filter((c) => isTerminalStatus(c.to_status as string))
    .map((c) => c.observed_ms);
  return ends.length === 0 ? undefined : Math.min(...ends) - Math.floor(migration.created_us / 1000);
}
