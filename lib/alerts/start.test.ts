import { afterEach, describe, expect, it } from "vitest";
import { captureLogPerTest } from "@/lib/logging/testing";
import { startAlertService } from "./start";

const logs = captureLogPerTest();
const NAMES = ["ALERTS_SLACK_WEBHOOK_URL", "ALERTS_RULES", "DATABASE_URL", "ALERTS_CONFIG_FILE"] as const;
const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));

afterEach(() => {
  for (const name of NAMES) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
  (globalThis as { __alertService?: unknown }).__alertService = undefined;
});

function set(env: Partial<Record<(typeof NAMES)[number], string>>) {
  for (const name of NAMES) delete process.env[name];
  Object.assign(process.env, env);
}

describe("startAlertService", () => {
  it("does nothing without a target, and says so in the log", async () => {
    set({});
    expect(await startAlertService()).toBeUndefined();
    expect(logs.entries()).toMatchObject([{ level: "info", event: "alerts_off" }]);
  });

  it("does not start with a bad configuration: the log says what is wrong, never the secret", async () => {
    set({ ALERTS_SLACK_WEBHOOK_URL: "https://hooks.example.com/services/s3cret", ALERTS_RULES: "failed,boom" });
    expect(await startAlertService()).toBeUndefined();
    const [entry] = logs.entries();
    expect(entry).toMatchObject({ level: "error", event: "alerts_config_invalid" });
    expect(entry?.message).toMatch(/^ALERTS_RULES may only list these rules/);
    expect(JSON.stringify(logs.entries())).not.toContain("s3cret");
  });

  it("logs a failed start (the app database unreachable) and tries again on the next call", async () => {
    set({ ALERTS_SLACK_WEBHOOK_URL: "https://hooks.example.com/services/s3cret", DATABASE_URL: "mysql://db/x" });
    expect(await startAlertService()).toBeUndefined();
    expect(logs.entries()).toMatchObject([
      { level: "error", event: "alerts_start_failed", message: expect.stringMatching(/^DATABASE_URL must start with/) },
    ]);
    // Not cached: a later call starts again (here it fails again, with a second line).
    expect(await startAlertService()).toBeUndefined();
    expect(logs.entries().filter((entry) => entry.event === "alerts_start_failed")).toHaveLength(2);
  });
});
