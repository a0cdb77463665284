/**
 * npm run bench:insights [-- --size 1000000]: how long each insights aggregate takes over a large
 * mirror, on SQLite in a temporary folder. Rows are written straight into the tables (a backfill
 * would take far longer and is not what is measured): migrations over 100 days, about a third with
 * an observed history of two or three changes, and the per-company counts the writes keep.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { openAppDatabase } from "@/lib/db/connection";
import { listCompanies } from "@/lib/insights/companies";
import { companyReview } from "@/lib/insights/company-review";
import { DAY_MS, lastDays } from "@/lib/insights/range";
import { startedPerDay } from "@/lib/insights/started-per-day";
import { statusWaits } from "@/lib/insights/status-waits";
import { timeToCompletePerDay } from "@/lib/insights/time-to-complete";
import { topFailingCompanies } from "@/lib/insights/top-failing-companies";
import { seededRandom } from "@/lib/testing/random";

const size = Number(process.argv[process.argv.indexOf("--size") + 1] || 1_000_000);
const NOW = Date.now();
const STATUSES = [
  "COMPLETE",
  "COMPLETE",
  "COMPLETE",
  "COMPLETE",
  "FAILED",
  "COMPLETED_WITH_FAILURES",
  "WORKING",
  "PENDING_USER_INPUT",
];

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "console-bench-insights-"));
  const file = path.join(dir, "app.sqlite");
  try {
    await (await openAppDatabase({ dialect: "sqlite", file })).close();
    const raw = new Database(file);
    const random = seededRandom(1);
    const insertRow = raw.prepare(
      `insert into mirror_migrations (id, object, created_raw, status, created_by_user_id, company_id, created_us,
        first_seen_ms, last_seen_ms, status_since_ms, walk_generation) values (?, 'migration', '', ?, ?, ?, ?, ?, ?, ?, 1)`,
    );
    const insertChange = raw.prepare(
      "insert into mirror_status_changes (migration_id, from_status, to_status, observed_ms, source) values (?, ?, ?, ?, 'sync')",
    );
    const owners = new Map<string, number>();
    const started = performance.now();
    raw.transaction(() => {
      for (let index = 0; index < size; index++) {
        const id = random.uuid();
        const createdMs = NOW - random.int(100 * DAY_MS);
        const status = random.pick(STATUSES);
        const company = `company${String(random.int(2000)).padStart(5, "0")}`;
        const observed = random.next() < 0.33;
        const endMs = Math.min(NOW, createdMs + random.int(DAY_MS));
        insertRow.run(
          id,
          status,
          `user${random.int(20000)}`,
          company,
          createdMs * 1000,
          createdMs,
          NOW,
          observed ? endMs : null,
        );
        if (observed) {
          insertChange.run(id, "NOT_STARTED", "WORKING", createdMs + 60_000);
          insertChange.run(id, "WORKING", status, endMs);
        }
        owners.set(`${company}|${status}`, (owners.get(`${company}|${status}`) ?? 0) + 1);
      }
      const insertCount = raw.prepare(
        "insert into mirror_owner_status_counts (owner_kind, owner_id, status, count) values ('company', ?, ?, ?)",
      );
      for (const [key, count] of owners) {
        const [owner, status] = key.split("|");
        insertCount.run(owner, status, count);
      }
    })();
    raw.close();
    console.log(
      `${size.toLocaleString("en-US")} migrations written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const app = await openAppDatabase({ dialect: "sqlite", file });
    const time = async (name: string, run: () => Promise<unknown>) => {
      const start = performance.now();
      await run();
      console.log(`${name.padEnd(40)} ${(performance.now() - start).toFixed(0).padStart(6)} ms`);
    };
    for (const days of [7, 90]) {
      const range = lastDays(days, NOW);
      await time(`startedPerDay, ${days} days`, () => startedPerDay(app.db, range));
      await time(`timeToCompletePerDay, ${days} days`, () => timeToCompletePerDay(app.db, range));
      await time(`statusWaits, ${days} days`, () =>
        statusWaits(app.db, { fromMs: range.fromUs / 1000, toMs: range.toUs / 1000 }),
      );
      await time(`topFailingCompanies, ${days} days`, () => topFailingCompanies(app.db, range));
    }
    await time("listCompanies, by last activity", () => listCompanies(app.db, { sort: "-last_activity", page: 1 }));
    await time("companyReview (one company)", () => companyReview(app.db, "company00042", NOW));
    await time("startedPerDay, one company, 90 days", () =>
      startedPerDay(app.db, lastDays(90, NOW), { companyId: "company00042" }),
    );
    await app.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
