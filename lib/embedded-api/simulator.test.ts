import { beforeAll, describe, expect, it } from "vitest";
import { isTerminalStatus } from "@/lib/migrations/statuses";
import type { MigrationResource } from "./contract";
import type { EmbeddedDatabase } from "./database";
import { listMigrationPage } from "./migrations-store";
import { findOrganizationByName, type Organization } from "./organizations";
import { seededRandom } from "./random";
import { seedDatabase } from "./seed-database";
import { simulateStep } from "./simulator";
import { ALL_STATUSES, memoryDatabase, NAIVE_UTC_MICROS } from "./testing";

const ALLOWED: Record<string, readonly string[]> = {
  NOT_STARTED: ["WORKING"],
  WORKING: ["PENDING_USER_INPUT", "COMPLETE", "FAILED", "COMPLETED_WITH_FAILURES"],
  PENDING_USER_INPUT: ["WORKING", "FAILED"],
  COMPLETE: [],
  FAILED: [],
  COMPLETED_WITH_FAILURES: [],
};

const START = new Date("2025-12-02T12:00:00.000Z");
const STEP_MS = 3000;
const STEPS = 400;

/** Epoch microseconds of a zone-less UTC `created` value, parsed independently of timestamps.ts. */
function microsOf(created: string): number {
  expect(created).toMatch(NAIVE_UTC_MICROS);
  return Date.parse(`${created.slice(0, 19)}Z`) * 1000 + Number(created.slice(20));
}

type Seen = MigrationResource & { org: string };

function snapshot(db: EmbeddedDatabase, orgs: Organization[]): Map<string, Seen> {
  const all = new Map<string, Seen>();
  for (const org of orgs) {
    for (const m of listMigrationPage(db, org.id, {}, { page: 1, pageSize: 1_000_000 })) {
      all.set(m.id, { ...m, org: org.name });
    }
  }
  return all;
}

function seeded(): { db: EmbeddedDatabase; orgs: Organization[] } {
  const db = memoryDatabase();
  seedDatabase(db, {
    migrations: 60,
    companies: 6,
    users: 20,
    seed: 11,
    now: START,
    // One day: many seeded migrations are recent enough to still be moving.
    days: 1,
    organizations: [
      { name: "demo", weight: 0.7 },
      { name: "acme", weight: 0.3 },
    ],
  });
  const orgs = ["demo", "acme"].map((name) => findOrganizationByName(db, name) as Organization);
  return { db, orgs };
}

interface Run {
  createdTotal: number;
  initialSize: number;
  finalSize: number;
  transitions: Map<string, number>;
  newNotStarted: string[];
  newAlreadyMoved: Array<{ id: string; status: string; step: number }>;
}

/** Runs the simulator step by step, checking every observed change as it goes, and records what it saw. */
function simulateAndObserve(): Run {
  const { db, orgs } = seeded();
  const random = seededRandom(2025);
  let previous = snapshot(db, orgs);
  const initialSize = previous.size;
  const initiators = new Set([...previous.values()].map((m) => `${m.org}|${m.created_by_user_id}|${m.company_id}`));
  const run: Run = {
    createdTotal: 0,
    initialSize,
    finalSize: initialSize,
    transitions: new Map(),
    newNotStarted: [],
    newAlreadyMoved: [],
  };

  for (let step = 1; step <= STEPS; step++) {
    const now = new Date(START.getTime() + step * STEP_MS);
    const nowUs = now.getTime() * 1000;
    const result = simulateStep(db, random, now);
    const current = snapshot(db, orgs);

    // Nothing disappears.
    for (const id of previous.keys()) expect(current.has(id), `migration ${id} vanished`).toBe(true);

    let created = 0;
    let changed = 0;
    let newMoved = 0;
    for (const [id, m] of current) {
      expect(ALL_STATUSES).toContain(m.status);
      const before = previous.get(id);
      if (!before) {
        created++;
        const createdUs = microsOf(m.created);
        expect(createdUs).toBeGreaterThanOrEqual(nowUs);
        expect(createdUs).toBeLessThan(nowUs + 1000);
        // A new migration comes from an end user already known in the same organization.
        expect(initiators.has(`${m.org}|${m.created_by_user_id}|${m.company_id}`)).toBe(true);
        if (m.status === "NOT_STARTED") run.newNotStarted.push(id);
        else {
          // Whatever else, it can only have gone one allowed step from NOT_STARTED.
          expect(ALLOWED.NOT_STARTED, `new ${id}: ${m.status}`).toContain(m.status);
          run.newAlreadyMoved.push({ id, status: m.status, step });
          newMoved++;
        }
        continue;
      }
      // Nothing but status ever changes.
      expect({ ...m, status: before.status }).toEqual(before);
      if (m.status !== before.status) {
        changed++;
        expect(isTerminalStatus(before.status), `${id}: terminal ${before.status} changed`).toBe(false);
        expect(ALLOWED[before.status], `${id}: ${before.status} → ${m.status}`).toContain(m.status);
        const key = `${before.status}→${m.status}`;
        run.transitions.set(key, (run.transitions.get(key) ?? 0) + 1);
      }
    }
    expect(result.created).toBe(created);
    // Every advance is visible: a changed existing migration, or a new one that already moved on.
    expect(result.advanced).toBe(changed + newMoved);
    run.createdTotal += created;
    previous = current;
  }
  run.finalSize = previous.size;
  return run;
}

describe("simulateStep", () => {
  let run: Run;
  // 400 steps with a full snapshot after each: seconds of work, more on a loaded CI machine.
  beforeAll(() => {
    run = simulateAndObserve();
  }, 120_000);

  it("creates migrations near now and only makes allowed status transitions", () => {
    // The run was not vacuous: migrations were created and every kind of transition happened.
    expect(run.createdTotal).toBeGreaterThan(STEPS / 3);
    expect(run.finalSize).toBe(run.initialSize + run.createdTotal);
    for (const key of [
      "NOT_STARTED→WORKING",
      "WORKING→PENDING_USER_INPUT",
      "WORKING→COMPLETE",
      "WORKING→FAILED",
      "WORKING→COMPLETED_WITH_FAILURES",
      "PENDING_USER_INPUT→WORKING",
    ]) {
      expect(run.transitions.get(key) ?? 0, key).toBeGreaterThan(0);
    }
  });

  it("new migrations appear with status NOT_STARTED", () => {
    // A client must be able to see a new migration as NOT_STARTED; none may skip that state within its first step.
    const first = run.newAlreadyMoved[0];
    expect(
      run.newAlreadyMoved.length,
      `${run.newAlreadyMoved.length} of ${run.createdTotal} new migrations were first seen as ${first?.status} (e.g. ${first?.id} at step ${first?.step})`,
    ).toBe(0);
    expect(run.newNotStarted).toHaveLength(run.createdTotal);
  });

  it("terminal migrations never change, and with no migrations nothing is created", () => {
    const { db, orgs } = seeded();
    const terminal = new Map(
      [...snapshot(db, orgs).values()].filter((m) => isTerminalStatus(m.status)).map((m) => [m.id, m.status]),
    );
    expect(terminal.size).toBeGreaterThan(0);
    const random = seededRandom(99);
    for (let step = 1; step <= 200; step++) {
      simulateStep(db, random, new Date(START.getTime() + step * STEP_MS));
    }
    const after = snapshot(db, orgs);
    for (const [id, status] of terminal) expect(after.get(id)?.status).toBe(status);

    const empty = memoryDatabase();
    for (let step = 0; step < 20; step++) {
      expect(simulateStep(empty, random, START)).toEqual({ created: 0, advanced: 0 });
    }
  });

  it("old unfinished migrations stay stuck (only recently touched ones move)", () => {
    const { db, orgs } = seeded();
    // Jump two days ahead: every seeded migration was last touched more than six hours before.
    const later = START.getTime() + 2 * 86_400_000;
    const before = snapshot(db, orgs);
    const random = seededRandom(5);
    for (let step = 0; step < 50; step++) simulateStep(db, random, new Date(later + step * STEP_MS));
    const after = snapshot(db, orgs);
    for (const [id, m] of before) expect(after.get(id)?.status, id).toBe(m.status);
  });
});
