import "server-only";
import type { Kysely } from "kysely";
import { z } from "zod";
import type { AppSchema } from "@/lib/db/schema";
import { readStoredState, writeStoredState } from "@/lib/db/stored-state";

/**
 * What the alerts remember between passes and across restarts (a row of sync_state): since when
 * they watch, how far they have looked, and when each target last got a digest.
 *
 * Alerts fire only for what the mirror observed after alerting began, never for its history: a
 * status change counts from when it was observed, a first sighting from when it happened, a time
 * rule ("waiting longer than N hours", "may be stuck") from when its threshold was crossed. And
 * nothing the first full read of the upstream (backfill) brought counts: only what was observed
 * after it completed. So a first start, a new upstream or key (a new backfill), or a restart never
 * sends the whole history.
 */
const stateSchema = z.object({
  /** When alerting began watching (see nextWindow). */
  startedMs: z.number(),
  /** The end of the last completed pass: the next one looks from a little before it. */
  checkedUntilMs: z.number().optional(),
  /** When each target last got a digest (at most one a minute while a burst lasts). */
  lastDigestMs: z.object({ slack: z.number().optional(), email: z.number().optional() }),
});

export type AlertWatchState = z.infer<typeof stateSchema>;

const STATE_KEY = "alerts";

/**
 * How far before the last pass's end each pass looks again. An observation is stamped with when
 * the upstream was asked, which can be seconds before it is written (a walk's batch, a slow
 * upstream); looking back this far never misses one, and an alert already fired is not fired again.
 */
export const LOOK_BACK_MS = 10 * 60_000;

/**
 * A pause longer than this without any instance alerting (every instance down, or alerts turned
 * off and on again) starts a new watch: what the mirror observed meanwhile is not alerted late.
 */
export const RESUME_LIMIT_MS = 60 * 60_000;

export function readAlertWatchState(db: Kysely<AppSchema>): Promise<AlertWatchState | undefined> {
  return readStoredState(db, STATE_KEY, stateSchema);
}

export function writeAlertWatchState(db: Kysely<AppSchema>, state: AlertWatchState, nowMs: number): Promise<void> {
  return writeStoredState(db, STATE_KEY, state, nowMs);
}

export type AlertWindow =
  /** Look at events (observed changes, first sightings, crossed thresholds) from fromMs to now. */
  | { state: AlertWatchState; fromMs: number }
  /** The first full read of the upstream is under way: nothing is evaluated until it completes. */
  | { state: AlertWatchState; waiting: "first-read" };

/**
 * The window of the next pass. `startMs` is when this process began (its sync began with it), used
 * when a new watch starts; `backfillCompletedMs` the sync state's, undefined while the first full
 * read of the current upstream runs.
 */
export function nextWindow(
  stored: AlertWatchState | undefined,
  backfillCompletedMs: number | undefined,
  nowMs: number,
  startMs: number,
): AlertWindow {
  const lastLook = stored ? (stored.checkedUntilMs ?? stored.startedMs) : undefined;
  const state: AlertWatchState =
    stored && lastLook !== undefined && lastLook >= nowMs - RESUME_LIMIT_MS
      ? stored
      : {
          startedMs: Math.max(startMs, nowMs - RESUME_LIMIT_MS),
          lastDigestMs: stored?.lastDigestMs ?? {},
        };
  if (backfillCompletedMs === undefined) return { state, waiting: "first-read" };
  const floor = Math.max(state.startedMs, backfillCompletedMs);
  const fromMs = Math.max(floor, (state.checkedUntilMs ?? floor) - LOOK_BACK_MS);
  return { state, fromMs };
}
