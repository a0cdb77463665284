import "server-only";
import { errorFields, log } from "@/lib/logging/log";
import type { DocumentedStatus } from "@/lib/migrations/statuses";
import type { EmbeddedDatabase } from "./database";
import { insertMigrations, updateMigrationStatus } from "./migrations-store";
import { type Random, randomInt, randomUuid, weightedPick } from "./random";

/**
 * Where a running migration may go next, with relative likelihoods. The path mirrors the product:
 * NOT_STARTED → WORKING → (PENDING_USER_INPUT → WORKING)* → COMPLETE / FAILED / COMPLETED_WITH_FAILURES.
 */
const TRANSITIONS: Partial<Record<DocumentedStatus, ReadonlyArray<readonly [DocumentedStatus, number]>>> = {
  NOT_STARTED: [["WORKING", 1]],
  WORKING: [
    ["PENDING_USER_INPUT", 25],
    ["COMPLETE", 55],
    ["FAILED", 10],
    ["COMPLETED_WITH_FAILURES", 10],
  ],
  PENDING_USER_INPUT: [
    ["WORKING", 85],
    ["FAILED", 15],
  ],
};

const ACTIVE_STATUSES = Object.keys(TRANSITIONS) as DocumentedStatus[];
/** Only recently touched migrations move on; older unfinished ones stay stuck, as real ones do. */
const ACTIVE_WINDOW_US = 6 * 3_600_000_000;

export interface SimulationStepResult {
  created: number;
  advanced: number;
}

type Initiator = { organization_id: string; created_by_user_id: string; company_id: string | null };

/** One tick: maybe a new migration from a known end user, and some running ones move along their path. */
export function simulateStep(db: EmbeddedDatabase, random: Random, now: Date): SimulationStepResult {
  const nowUs = now.getTime() * 1000 + randomInt(random, 1000);
  let created = 0;
  let advanced = 0;
  db.transaction(() => {
    // Read the running migrations first: one created in this same step must stay NOT_STARTED
    // until a later step, or a watcher would never see it in that status.
    const running = db
      .prepare(
        `SELECT id, status FROM migrations
         WHERE status IN (${ACTIVE_STATUSES.map(() => "?").join(", ")}) AND updated_us > ?`,
      )
      .all(...ACTIVE_STATUSES, nowUs - ACTIVE_WINDOW_US) as Array<{ id: string; status: DocumentedStatus }>;
    for (const migration of running) {
      const next = TRANSITIONS[migration.status];
      if (!next || random() >= 0.3) continue;
      updateMigrationStatus(db, migration.id, weightedPick(random, next), nowUs);
      advanced++;
    }
    if (random() < 0.6) {
      const count = db.prepare("SELECT COUNT(*) AS n FROM migrations").get() as { n: number };
      if (count.n > 0) {
        // A random existing migration's initiator starts another one.
        const initiator = db
          .prepare("SELECT organization_id, created_by_user_id, company_id FROM migrations LIMIT 1 OFFSET ?")
          .get(randomInt(random, count.n)) as Initiator;
        insertMigrations(db, [
          {
            id: randomUuid(random),
            organizationId: initiator.organization_id,
            createdUs: nowUs,
            status: "NOT_STARTED",
            createdByUserId: initiator.created_by_user_id,
            companyId: initiator.company_id,
          },
        ]);
        created++;
      }
    }
  })();
  return { created, advanced };
}

/** Runs `simulateStep` every `intervalMs` until the returned stop function is called. */
export function startSimulator(db: EmbeddedDatabase, intervalMs = 3000, random: Random = Math.random): () => void {
  const timer = setInterval(() => {
    try {
      simulateStep(db, random, new Date());
    } catch (error) {
      log("error", "simulation_step_failed", errorFields(error));
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
