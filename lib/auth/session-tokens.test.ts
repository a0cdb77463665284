import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { JWT } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { appDatabase } from "@/lib/db/connection";
import { buildAuthConfig } from "./config";
import { sessionLifetimeMs } from "./session-lifetime";

const ENV_NAMES = ["DATA_DIR", "DATABASE_URL", "AUTH_SESSION_MAX_AGE_HOURS", "AUTH_SECRET"] as const;
const savedEnv = Object.fromEntries(ENV_NAMES.map((name) => [name, process.env[name]]));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "session-tokens-"));
  process.env.DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  delete process.env.AUTH_SECRET;
});

afterAll(async () => {
  await (await appDatabase()).close();
  (globalThis as { __appDatabase?: unknown }).__appDatabase = undefined;
  for (const name of ENV_NAMES) {
    const value = savedEnv[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  delete process.env.AUTH_SESSION_MAX_AGE_HOURS;
});

type JwtParams = Parameters<NonNullable<NonNullable<ReturnType<typeof buildAuthConfig>["callbacks"]>["jwt"]>>[0];

/** What next-auth's jwt callback answers for this token (and, at sign-in, this user). */
async function runJwt(token: JWT, user?: { id: string; email: string }): Promise<JWT | null> {
  const jwt = buildAuthConfig().callbacks?.jwt;
  if (!jwt) throw new Error("no jwt callback");
  return jwt({ token, ...(user ? { user, trigger: "signIn" as const } : {}) } as JwtParams);
}

async function signOut(token: JWT): Promise<void> {
  const event = buildAuthConfig().events?.signOut;
  if (!event) throw new Error("no signOut event");
  await event({ token });
}

async function signedIn(): Promise<JWT> {
  const token = await runJwt({ email: "ops@example.com", jti: "first-jti" }, { id: "ops", email: "ops@example.com" });
  if (!token) throw new Error("sign-in refused");
  return token;
}

describe("session tokens", () => {
  it("gets a session id and its sign-in time at sign-in; renewals keep both", async () => {
    const token = await signedIn();
    expect(token.sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs(Number(token.signedInAtMs) - Date.now())).toBeLessThan(5_000);
    const renewed = await runJwt({ ...token, jti: "second-jti" });
    expect(renewed?.sid).toBe(token.sid);
    expect(renewed?.signedInAtMs).toBe(token.signedInAtMs);
    // Another sign-in is another session.
    expect((await signedIn()).sid).not.toBe(token.sid);
  });

  it("refuses every copy of a session after sign-out, renewed ones included (they carry another jti)", async () => {
    const token = await signedIn();
    const renewed = { ...(await runJwt({ ...token, jti: "renewed-jti" })) } as JWT;
    await signOut(token);
    expect(await runJwt(token)).toBeNull();
    expect(await runJwt(renewed)).toBeNull();
    // Another session of the same person is untouched.
    const other = await signedIn();
    expect(await runJwt(other)).not.toBeNull();
  });

  it("ends a session 12 hours after sign-in however often it was renewed", async () => {
    const token = await signedIn();
    const hour = 3_600_000;
    expect(await runJwt({ ...token, signedInAtMs: Date.now() - 12 * hour + 60_000 })).not.toBeNull();
    expect(await runJwt({ ...token, signedInAtMs: Date.now() - 12 * hour - 1 })).toBeNull();
  });

  it("takes the lifetime from AUTH_SESSION_MAX_AGE_HOURS", async () => {
    process.env.AUTH_SESSION_MAX_AGE_HOURS = "1";
    const token = await signedIn();
    expect(await runJwt({ ...token, signedInAtMs: Date.now() - 59 * 60_000 })).not.toBeNull();
    expect(await runJwt({ ...token, signedInAtMs: Date.now() - 61 * 60_000 })).toBeNull();
  });

  it("refuses a token without this app's claims, or with a sign-in time from the future", async () => {
    const token = await signedIn();
    expect(await runJwt({ email: "ops@example.com", jti: "x" })).toBeNull();
    expect(await runJwt({ ...token, sid: 42 })).toBeNull();
    expect(await runJwt({ ...token, signedInAtMs: "yesterday" })).toBeNull();
    expect(await runJwt({ ...token, signedInAtMs: Date.now() + 3_600_000 })).toBeNull();
  });
});

describe("sessionLifetimeMs", () => {
  it("is 12 hours by default, else AUTH_SESSION_MAX_AGE_HOURS", () => {
    expect(sessionLifetimeMs({})).toBe(12 * 3_600_000);
    expect(sessionLifetimeMs({ AUTH_SESSION_MAX_AGE_HOURS: " 8 " })).toBe(8 * 3_600_000);
    expect(sessionLifetimeMs({ AUTH_SESSION_MAX_AGE_HOURS: "0.5" })).toBe(1_800_000);
  });

  it("refuses a value that is not a number of hours between a minute and 30 days", () => {
    for (const value of ["0", "-1", "abc", "721", "Infinity"]) {
      expect(() => sessionLifetimeMs({ AUTH_SESSION_MAX_AGE_HOURS: value })).toThrow("AUTH_SESSION_MAX_AGE_HOURS");
    }
  });
});
