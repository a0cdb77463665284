import { afterEach, describe, expect, it, vi } from "vitest";
import { captureLogPerTest } from "@/lib/logging/testing";
import { refuseUnsafeAuthConfiguration } from "./startup-check";

const NAMES = [
  "AUTH_OIDC_ISSUER",
  "AUTH_OIDC_CLIENT_ID",
  "AUTH_OIDC_CLIENT_SECRET",
  "AUTH_ALLOWED_EMAIL_DOMAINS",
  "AUTH_ALLOWED_EMAILS",
  "AUTH_OIDC_ALLOW_ANY_ACCOUNT",
  "AUTH_SESSION_MAX_AGE_HOURS",
  "AUTH_DEMO_ACCOUNT",
  "MIGRATIONS_API_URL",
] as const;
const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));

afterEach(() => {
  vi.restoreAllMocks();
  for (const name of NAMES) {
    const value = saved[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

class Exited extends Error {}

const log = captureLogPerTest();

function check(env: Partial<Record<(typeof NAMES)[number], string>>): { exited: boolean; logged: string } {
  for (const name of NAMES) delete process.env[name];
  // A real upstream: no embedded database is opened for the demo account's check.
  process.env.MIGRATIONS_API_URL = "https://migrations.example.com/api/v1";
  Object.assign(process.env, env);
  const before = log.entries().length;
  let exited = false;
  try {
    refuseUnsafeAuthConfiguration((code) => {
      expect(code).toBe(1);
      exited = true;
      throw new Exited();
    });
  } catch (caught) {
    if (!(caught instanceof Exited)) throw caught;
  }
  const logged = log
    .entries()
    .slice(before)
    .map((entry) => JSON.stringify(entry))
    .join("\n");
  return { exited, logged };
}

const SSO = { AUTH_OIDC_ISSUER: "https://idp.test", AUTH_OIDC_CLIENT_ID: "id", AUTH_OIDC_CLIENT_SECRET: "secret" };

describe("refuseUnsafeAuthConfiguration", () => {
  it("lets a safe configuration start", () => {
    expect(check({}).exited).toBe(false);
    expect(check({ ...SSO, AUTH_ALLOWED_EMAIL_DOMAINS: "example.com" }).exited).toBe(false);
    expect(check({ ...SSO, AUTH_OIDC_ALLOW_ANY_ACCOUNT: "1" }).exited).toBe(false);
  });

  it("stops the server, with one line saying why, when SSO has no allow-list", () => {
    const { exited, logged } = check(SSO);
    expect(exited).toBe(true);
    expect(logged).toMatch(/"level":"error","time":"[^"]+","event":"startup_refused"/);
    expect(logged).toContain("Migration Console cannot start: SSO is configured");
    expect(logged).toContain("AUTH_ALLOWED_EMAIL_DOMAINS");
    expect(logged).not.toContain("secret");
  });

  it("stops the server on a bad session lifetime or demo-account setting", () => {
    expect(check({ AUTH_SESSION_MAX_AGE_HOURS: "forever" }).logged).toContain("AUTH_SESSION_MAX_AGE_HOURS");
    expect(check({ AUTH_DEMO_ACCOUNT: "maybe" }).logged).toContain("AUTH_DEMO_ACCOUNT");
  });
});
