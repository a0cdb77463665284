import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EMBEDDED_BASE_URL, upstreamSettings } from "./config";

const VARS = ["MIGRATIONS_API_URL", "MIGRATIONS_API_KEY", "MIGRATIONS_API_TIMEOUT_MS", "EMBEDDED_API_STRICT"];

describe("upstreamSettings", () => {
  beforeEach(() => {
    for (const name of VARS) vi.stubEnv(name, undefined);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("defaults to the embedded API", () => {
    expect(upstreamSettings()).toEqual({
      mode: "embedded",
      baseUrl: EMBEDDED_BASE_URL,
      apiKey: undefined,
      timeoutMs: 10_000,
    });
    vi.stubEnv("MIGRATIONS_API_URL", "   ");
    expect(upstreamSettings().mode).toBe("embedded");
  });

  it("reads a remote upstream", () => {
    vi.stubEnv("MIGRATIONS_API_URL", " https://worker.anon.com/api/v1/ ");
    vi.stubEnv("MIGRATIONS_API_KEY", " sk_live_abc ");
    vi.stubEnv("MIGRATIONS_API_TIMEOUT_MS", "2500");
    expect(upstreamSettings()).toEqual({
      mode: "remote",
      baseUrl: "https://worker.anon.com/api/v1",
      apiKey: "sk_live_abc",
      timeoutMs: 2500,
    });
  });

  it("reads the environment on every call", () => {
    expect(upstreamSettings().mode).toBe("embedded");
    vi.stubEnv("MIGRATIONS_API_URL", "http://127.0.0.1:9999/api/v1");
    expect(upstreamSettings()).toMatchObject({ mode: "remote", baseUrl: "http://127.0.0.1:9999/api/v1" });
  });

  it("treats a blank key as unset", () => {
    vi.stubEnv("MIGRATIONS_API_KEY", "  ");
    expect(upstreamSettings().apiKey).toBeUndefined();
  });

  it.each(["0", "-5", "abc", "1.5", "10s", "99999999999"])("rejects MIGRATIONS_API_TIMEOUT_MS=%s", (value) => {
    vi.stubEnv("MIGRATIONS_API_TIMEOUT_MS", value);
    expect(() => upstreamSettings()).toThrow(/MIGRATIONS_API_TIMEOUT_MS/);
  });

  it.each([
    "worker.anon.com/api/v1",
    "ftp://worker.anon.com/api/v1",
    "https://user:s3cret@worker.anon.com/api/v1",
    "https://worker.anon.com/api/v1?x=1",
  ])("rejects MIGRATIONS_API_URL=%s without quoting it", (value) => {
    vi.stubEnv("MIGRATIONS_API_URL", value);
    let message = "";
    try {
      upstreamSettings();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/MIGRATIONS_API_URL/);
    expect(message).not.toContain("s3cret");
    expect(message).not.toContain("worker.anon.com/api/v1?");
  });
});
