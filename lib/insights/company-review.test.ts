import { describe, expect, it } from "vitest";
import { stuckHint } from "@/lib/migrations/status-catalogue";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { seededRandom } from "@/lib/testing/random";
import { ATTENTION_LIMIT, companyReview } from "./company-review";
import { insertMirror, NOW_MS, nearestRank, oracleCompletionMs, randomMirror, type TestMigration } from "./testing";

const FINAL = new Set(["COMPLETE", "FAILED", "COMPLETED_WITH_FAILURES", "LOGIN_ABANDONED"]);
const createdMs = (m: TestMigration) => Math.floor(m.created_us / 1000);
const startMs = (m: TestMigration) => m.status_since_ms ?? createdMs(m);
const byId = (a: TestMigration, b: TestMigration) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

describe.each(TEST_ENGINES)("companyReview (%s)", (engine) => {
  const app = appDatabasePerTest(engine);

  it.each(["acme0001", "delta004"])("sums up %s from its rows", async (companyId) => {
    const mirror = randomMirror(seededRandom(companyId === "acme0001" ? 11 : 12), 900);
    await insertMirror(app().db, mirror);
    const mine = mirror.migrations.filter((m) => m.company_id === companyId);
    const review = await companyReview(app().db, companyId, NOW_MS);
    if (!review) throw new Error("expected a review");

    const counts: Record<string, number> = {};
    for (const m of mine) counts[m.status] = (counts[m.status] ?? 0) + 1;
    const finished = mine.filter((m) => FINAL.has(m.status)).length;
    expect(review.counts).toEqual(counts);
    expect(review.total).toBe(mine.length);
    expect(review.finished).toBe(finished);
    expect(review.successRate).toBe(mine.filter((m) => m.status === "COMPLETE").length / finished);
    expect(review.lastActivityMs).toBe(Math.max(...mine.map((m) => Math.max(createdMs(m), m.status_since_ms ?? 0))));

    const completions = mine.map((m) => oracleCompletionMs(m, mirror.changes)).filter((ms) => ms !== undefined);
    expect(review.timeToComplete).toEqual({
      count: completions.length,
      p50Ms: nearestRank(completions, 50),
      p90Ms: nearestRank(completions, 90),
    });

    const failed = mine.filter((m) => m.status === "FAILED").sort((a, b) => b.created_us - a.created_us || byId(b, a));
    expect(review.failed.total).toBe(failed.length);
    expect(review.failed.migrations.map((m) => [m.id, m.errorMessage])).toEqual(
      failed.slice(0, ATTENTION_LIMIT).map((m) => [m.id, m.error_message ?? undefined]),
    );

    const waiting = mine
      .filter((m) => m.status === "PENDING_USER_INPUT")
      .sort((a, b) => startMs(a) - startMs(b) || byId(a, b));
    expect(review.waiting.total).toBe(waiting.length);
    expect(review.waiting.migrations.map((m) => m.id)).toEqual(waiting.slice(0, ATTENTION_LIMIT).map((m) => m.id));

    const stuck = mine
      .filter((m) => m.status !== "PENDING_USER_INPUT")
      .filter((m) => stuckHint(m.status, createdMs(m), m.status_since_ms ?? undefined, NOW_MS))
      .sort((a, b) => startMs(a) - startMs(b) || byId(a, b));
    expect(stuck.length).toBeGreaterThan(0);
    expect(review.mayBeStuck.total).toBe(stuck.length);
    expect(review.mayBeStuck.migrations.map((m) => m.id)).toEqual(stuck.slice(0, ATTENTION_LIMIT).map((m) => m.id));
  });

  it("has no review for a company without migrations", async () => {
    await insertMirror(app().db, randomMirror(seededRandom(13), 50));
    expect(await companyReview(app().db, "nobody", NOW_MS)).toBeUndefined();
  });
});
