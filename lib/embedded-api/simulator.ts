import "server-only";
import { errorFields, log } from "@/lib/logging/log";
import type { DocumentedStatus } from "@/lib/migrations/statuses";
import type { EmbeddedDatabase } from "./database";
import { insertMigrations, updateMigrationStatus } from "./migrations-store";
import { type Random, randomInt, randomUuid, weightedPick } from "./random";
import { enqueueWebhook, eventForChange } from "./webhook-outbox";

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

export interface SimulationOptions {
  /**
   * The organization whose changes send webhooks (the one the app reads with; the provider sends
   * each organization's events to that organization's endpoint). None: no webhooks are queued.
   */
  webhooksFor?: string;
}

/** One tick: maybe a new migration from a known end user, and some running ones move along their path. */
export function simulateStep(
  db: EmbeddedDatabase,
  random: Random,
  now: Date,
  options: SimulationOptions = {},
): SimulationStepResult {
  const nowUs = now.getTime() * 1000 + randomInt(random, 1000);
  let created = 0;
  let advanced = 0;
  // Queued in the same transaction as the change: a change is never without its event, nor the reverse.
  const report = (organizationId: string, id: string, from: DocumentedStatus | null, to: DocumentedStatus) => {
    if (organizationId !== options.webhooksFor) return;
    const event = eventForChange(id, from, to, now, random);
    if (event) enqueueWebhook(db, event, now);
  };
  db.transaction(() => {
    // Read the running migrations first: one created in this same step must stay NOT_STARTED
    // until a later step, or a watcher would never see it in that status.
    const running = db
      .prepare(
        `SELECT id, status, organization_id FROM migrations
         WHERE status IN (${ACTIVE_STATUSES.map(() => "?").join(", ")}) AND updated_us > ?`,
      )
      .all(...ACTIVE_STATUSES, nowUs - ACTIVE_WINDOW_US) as Array<{
      id: string;
      status: DocumentedStatus;
      organization_id: string;
    }>;
    for (const migration of running) {
      const next = TRANSITIONS[migration.status];
      if (!next || random() >= 0.3) continue;
      const to = weightedPick(random, next);
      updateMigrationStatus(db, migration.id, to, nowUs);
      report(migration.organization_id, migration.id, migration.status, to);
      advanced++;
    }
    if (random() < 0.6) {
      const count = db.prepare("SELECT COUNT(*) AS n FROM migrations").get() as { n: number };
      if (count.n > 0) {
        // A random existing migration's initiator starts another one.
        const initiator = db
          .prepare("SELECT organization_id, created_by_user_id, company_id FROM migrations LIMIT 1 OFFSET ?")
          .get(randomInt(random, count.n)) as Initiator;
        const id = randomUuid(random);
        insertMigrations(db, [
          {
            id,
            organizationId: initiator.organization_id,
            createdUs: nowUs,
            status: "NOT_STARTED",
            createdByUserId: initiator.created_by_user_id,
            companyId: initiator.company_id,
          },
        ]);
        report(initiator.organization_id, id, null, "NOT_STARTED");
        created++;
      }
    }
  })();
  return { created, advanced };
}

/**
 * Runs `simulateStep` every `intervalMs` until the returned stop function is called; `afterStep`
 * runs after each (the webhook sender delivers what the step queued).
 */
export function startSimulator(
  db: EmbeddedDatabase,
  options: SimulationOptions & { intervalMs?: number; random?: Random; afterStep?: () => void } = {},
): () => void {
  const { intervalMs = 3000, random = Math.random, afterStep, ...simulation } = options;
  const timer = setInterval(() => {
    try {
      simulateStep(db, random, new Date(), simulation);
      afterStep?.();
    } catch (error) {
      log("error", "simulation_step_failed", errorFields(error));
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
