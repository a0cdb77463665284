import { readFileSync } from "node:fs";
import path from "node:path";
import { type APIRequestContext, expect } from "@playwright/test";
import { FAKE_UPSTREAM } from "./servers";

/** What every API request under /api/v1 gets (see e2e/support/fake-upstream.mjs for each). */
export type FakeUpstreamMode =
  | "ok"
  | "empty"
  | "delay"
  | "key_rejected"
  | "server_error"
  | "bad_gateway"
  | "unavailable"
  | "gateway_timeout"
  | "rate_limited"
  | "timeout"
  | "reset"
  | "garbage"
  | "invalid_json"
  | "truncated"
  | "huge"
  | "wrong_content_type"
  | "redirect"
  | "malformed"
  | "bad_rows"
  | "long_page";

/** What the walk upstream (/walk/api/v1) does: pages as they are, shifting under a walk, or overlapping by one. */
export type WalkUpstreamMode = "ok" | "shifting" | "duplicates";

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

/**
 * The `nth` fixture with `status` among the newest 25 (the list's first page, where the sync's head
 * read sees a change at once). Spec files that change fixtures each take their own.
 */
export function firstPageFixture(status: string, nth = 0): FakeMigration {
  const found = FAKE_MIGRATIONS.slice(0, 25).filter((m) => m.status === status)[nth];
  if (!found) throw new Error(`no fixture #${nth} with status ${status} on the first page`);
  return found;
}

/** The special fixtures the tests look for. */
export const FAKE = {
  unknownStatus: only((m) => m.status === "SOMETHING_NEW", 'with status "SOMETHING_NEW"'),
  nullCompany: only((m) => m.company_id === null, "with company_id null"),
  naiveCreated: only((m) => m.created === "2025-12-02T23:51:49.807119", 'created "2025-12-02T23:51:49.807119"'),
};

async function control(body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${FAKE_UPSTREAM.origin}/__control`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`the fake upstream refused ${JSON.stringify(body)}: ${response.status}`);
}

export interface UpstreamModeOptions {
  /** rate_limited: the Retry-After sent, in seconds. */
  retryAfterSeconds?: number;
  /** delay: how long each answer is held back. */
  delayMs?: number;
  /** wrong_content_type: the label on well-formed JSON. */
  contentType?: string;
}

/** Switches what the fake upstream answers to every API request from now on. */
export async function setUpstreamMode(mode: FakeUpstreamMode, options: UpstreamModeOptions = {}) {
  await control({
    mode,
    ...(options.retryAfterSeconds !== undefined ? { retry_after: options.retryAfterSeconds } : {}),
    ...(options.delayMs !== undefined ? { delay_ms: options.delayMs } : {}),
    ...(options.contentType !== undefined ? { content_type: options.contentType } : {}),
  });
}

/** Switches what the walk upstream (/walk/api/v1) does from now on; /api/v1 is left as it is. */
export async function setWalkUpstreamMode(mode: WalkUpstreamMode): Promise<void> {
  await control({ walk_mode: mode });
}

async function fakeGet<T>(path: string): Promise<T> {
  const response = await fetch(`${FAKE_UPSTREAM.origin}${path}`, { cache: "no-store" });
  if (!response.ok) throw new Error(`the fake upstream's ${path} answered ${response.status}`);
  return (await response.json()) as T;
}

/** The walk upstream as it is now: its mode, how many migrations shifting inserted, and every id, newest first. */
export function walkUpstream(): Promise<{ walk_mode: WalkUpstreamMode; inserted: number; ids: string[] }> {
  return fakeGet("/__walk");
}

export interface RedirectTargetRequest {
  seq: number;
  method: string;
  path: string;
  /** Whether it carried an Authorization header at all. */
  authorization: boolean;
  /** Whether that header held the upstream's key. */
  carries_key: boolean;
}

/** Every request that reached the redirect target since the fake started. */
export async function redirectTargetRequests(): Promise<RedirectTargetRequest[]> {
  return (await fakeGet<{ requests: RedirectTargetRequest[] }>("/__redirect_target")).requests;
}

/** Back to the fixtures as they are in the file, served normally. */
export async function resetUpstream(): Promise<void> {
  await control({ reset: true });
}

/** From now on the upstream reports this fixture with another status (until resetUpstream). */
export async function setUpstreamStatus(id: string, status: string): Promise<void> {
  await control({ set_status: { id, status } });
}

/** From now on the upstream no longer lists this fixture, and answers 404 for its id (until resetUpstream). */
export async function removeFromUpstream(id: string): Promise<void> {
  await control({ remove: id });
}

export interface UpstreamRequest {
  seq: number;
  method: string;
  /** As sent: percent-encoded, query included. */
  path: string;
}

/** The number of the last request the fake upstream received: pass it to `upstreamRequestsAfter`. */
export async function upstreamRequestMark(): Promise<number> {
  return (await upstreamRequestsAfter(Number.MAX_SAFE_INTEGER)).last;
}

/** Every request the fake upstream received after the one numbered `mark`. */
export function upstreamRequestsAfter(mark: number): Promise<{ last: number; requests: UpstreamRequest[] }> {
  return fakeGet(`/__requests?after=${mark}`);
}

/** The fake's generated large upstream (3,000 migrations), for watching a first full read. */
export const MANY = { apiBase: `${FAKE_UPSTREAM.origin}/many/api/v1`, total: 3000 } as const;

/** The fake's walk upstream: 250 generated migrations (three pages of 100) under its own mode. */
export const WALK = { apiBase: `${FAKE_UPSTREAM.origin}/walk/api/v1`, total: 250 } as const;

interface BffList {
  total: number;
  counts: Record<string, number>;
  freshness: { state: string; partial: boolean; synced_at: string | null };
}

/**
 * Waits until the app's BFF (through `request`, signed in) answers from a current mirror with
 * `expectedTotal` migrations and counts that add up to it: after a mode switch or a change
 * upstream, the sync needs a moment (or, after failures, its backoff) before the mirror agrees.
 */
export async function waitForSyncedList(
  request: APIRequestContext,
  expectedTotal: number,
  timeout = 60_000,
): Promise<void> {
  await expect
    .poll(
      async () => {
        const response = await request.get("/api/migrations");
        if (!response.ok()) return `HTTP ${response.status()}`;
        const body = (await response.json()) as BffList;
        const counted = Object.values(body.counts).reduce((a, b) => a + b, 0);
        return `${body.freshness.state}, total ${body.total}, counts add up to ${counted}`;
      },
      { message: "the mirror is current and its total and counts agree", timeout, intervals: [250, 500] },
    )
    .toBe(`current, total ${expectedTotal}, counts add up to ${expectedTotal}`);
}
