import { readFileSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect } from "@playwright/test";
import { FAKE_UPSTREAM } from "./servers";

export type FakeUpstreamMode = "ok" | "empty" | "key_rejected" | "unavailable" | "rate_limited" | "timeout" | "garbage";

export interface FakeMigration {
  object: "migration";
  id: string;
  created: string;
  status: string;
  created_by_user_id: string;
  company_id: string | null;
}

/** The fake upstream's migrations, as it serves them in mode "ok" (its own file, read here too). */
export const FAKE_MIGRATIONS: readonly FakeMigration[] = JSON.parse(
  readFileSync(path.join(__dirname, "fake-upstream-fixtures.json"), "utf8"),
);

function only(predicate: (migration: FakeMigration) => boolean, what: string): FakeMigration {
  const found = FAKE_MIGRATIONS.filter(predicate);
  if (found.length !== 1) throw new Error(`the fixtures must hold exactly one migration ${what}`);
  return found[0] as FakeMigration;
}

/** The special fixtures the tests look for. */
export const FAKE = {
  unknownStatus: only((m) => m.status === "SOMETHING_NEW", 'with status "SOMETHING_NEW"'),
  nullCompany: only((m) => m.company_id === null, "with company_id null"),
  naiveCreated: only((m) => m.created === "2025-12-02T23:51:49.807119", 'created "2025-12-02T23:51:49.807119"'),
};

/** Switches what the fake upstream answers to every API request from now on. */
export async function setUpstreamMode(mode: FakeUpstreamMode): Promise<void> {
  const response = await fetch(`${FAKE_UPSTREAM.origin}/__control`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ mode }),
  });
  if (!response.ok) throw new Error(`the fake upstream refused mode ${mode}: ${response.status}`);
}

interface BffList {
  total: number;
  counts: Record<string, number>;
}

/**
 * Waits until the app's BFF (through `request`, signed in) answers the unfiltered list with
 * `expectedTotal` and counts that add up to it. The counts come from an index refreshed in the
 * background after each read (MIGRATIONS_INDEX_MAX_AGE_MS=0), so the read after a mode switch
 * still has the counts of before; this settles it before a test looks.
 */
export async function settleIndex(request: APIRequestContext, expectedTotal: number): Promise<void> {
  await expect
    .poll(
      async () => {
        const response = await request.get("/api/migrations");
        if (!response.ok()) return `HTTP ${response.status()}`;
        const body = (await response.json()) as BffList;
        const counted = Object.values(body.counts).reduce((a, b) => a + b, 0);
        return `total ${body.total}, counts add up to ${counted}`;
      },
      { message: "the BFF's total and counts agree", timeout: 15_000 },
    )
    .toBe(`total ${expectedTotal}, counts add up to ${expectedTotal}`);
}
