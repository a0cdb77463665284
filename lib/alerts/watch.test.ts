import { describe, expect, it } from "vitest";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import {
  type AlertWatchState,
  LOOK_BACK_MS,
  nextWindow,
  RESUME_LIMIT_MS,
  readAlertWatchState,
  writeAlertWatchState,
} from "./watch";

const T0 = Date.UTC(2026, 5, 1, 12);
const MINUTE = 60_000;

describe("nextWindow", () => {
  it("starts a watch at this process's start, and waits while the first full read runs", () => {
    const started = T0 - 5_000;
    expect(nextWindow(undefined, undefined, T0, started)).toEqual({
      state: { startedMs: started, lastDigestMs: {} },
      waiting: "first-read",
    });
  });

  it("looks from when the first full read completed: nothing that read brought is alerted", () => {
    const state: AlertWatchState = { startedMs: T0, checkedUntilMs: T0 + 30 * MINUTE, lastDigestMs: {} };
    const completed = T0 + 25 * MINUTE;
    expect(nextWindow(state, completed, T0 + 30 * MINUTE + 5_000, T0)).toEqual({ state, fromMs: completed });
  });

  it("looks from the watch's start when the mirror was already complete", () => {
    const state: AlertWatchState = { startedMs: T0, lastDigestMs: {} };
    expect(nextWindow(state, T0 - 3_600_000, T0 + 5_000, T0)).toEqual({ state, fromMs: T0 });
  });

  it("looks again a little before the last pass's end (late writes), never before the watch's start", () => {
    const state: AlertWatchState = { startedMs: T0, checkedUntilMs: T0 + 40 * MINUTE, lastDigestMs: { slack: 1 } };
    expect(nextWindow(state, T0 - 1, T0 + 40 * MINUTE + 5_000, T0)).toEqual({
      state,
      fromMs: T0 + 40 * MINUTE - LOOK_BACK_MS,
    });
    const early: AlertWatchState = { startedMs: T0, checkedUntilMs: T0 + MINUTE, lastDigestMs: {} };
    expect(nextWindow(early, T0 - 1, T0 + MINUTE + 5_000, T0)).toEqual({ state: early, fromMs: T0 });
  });

  it("resumes after a restart within the hour, but starts a new watch after a longer pause", () => {
    const state: AlertWatchState = { startedMs: T0, checkedUntilMs: T0 + MINUTE, lastDigestMs: { email: 7 } };
    const restartedMs = T0 + MINUTE + RESUME_LIMIT_MS - 10_000;
    expect(nextWindow(state, T0 - 1, restartedMs, restartedMs - 1_000)).toMatchObject({ state });

    const lateMs = T0 + MINUTE + RESUME_LIMIT_MS + 10_000;
    expect(nextWindow(state, T0 - 1, lateMs, lateMs - 1_000)).toEqual({
      state: { startedMs: lateMs - 1_000, lastDigestMs: { email: 7 } },
      fromMs: lateMs - 1_000,
    });
    // A process that started long before (alerting elsewhere until then) looks back at most the resume limit.
    expect(nextWindow(state, T0 - 1, lateMs, T0)).toMatchObject({ fromMs: lateMs - RESUME_LIMIT_MS });
  });
});

describe.each(TEST_ENGINES)("the alerts' stored state (%s)", (engine) => {
  const app = appDatabasePerTest(engine);

  it("round-trips, and reads a missing or unreadable state as none", async () => {
    expect(await readAlertWatchState(app().db)).toBeUndefined();
    const state: AlertWatchState = { startedMs: T0, checkedUntilMs: T0 + 1, lastDigestMs: { slack: T0 + 2 } };
    await writeAlertWatchState(app().db, state, T0);
    await writeAlertWatchState(app().db, { ...state, checkedUntilMs: T0 + 3 }, T0 + 3);
    expect(await readAlertWatchState(app().db)).toEqual({ ...state, checkedUntilMs: T0 + 3 });
    await app().db.updateTable("sync_state").set({ value: "{not json" }).where("key", "=", "alerts").execute();
    expect(await readAlertWatchState(app().db)).toBeUndefined();
    await app().db.updateTable("sync_state").set({ value: '{"startedMs":"x"}' }).where("key", "=", "alerts").execute();
    expect(await readAlertWatchState(app().db)).toBeUndefined();
  });
});
