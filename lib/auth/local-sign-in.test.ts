import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AppDatabase } from "@/lib/db/connection";
import { testAppDatabase } from "@/lib/sync/testing";
import { DEMO_ACCOUNT } from "./demo-account";
import { writeLocalAccounts } from "./local-accounts";
import {
  ACCOUNT_WIDE_MAX_FAILURES,
  clientAddressOf,
  type LocalSignInResult,
  signInWithPassword,
} from "./local-sign-in";
import { PasswordCheckLimiter } from "./password-check-limiter";
import { hashPassword } from "./passwords";
import { SIGN_IN_WINDOW_MS, SignInThrottle } from "./sign-in-throttle";

const ENV_NAMES = ["MIGRATIONS_API_URL", "AUTH_USERS_FILE"] as const;
const savedEnv = Object.fromEntries(ENV_NAMES.map((name) => [name, process.env[name]]));

const LOCAL = { email: "ops@example.com", name: "Ops Person", password: "a long local password" };

/** "ok", or why the sign-in was refused. */
function outcome(result: LocalSignInResult): string {
  return result.ok ? "ok" : result.reason;
}

let dir: string;
let usersFile: string;
let localHash: string;
let clock: { now: number };
let database: AppDatabase;
let throttle: SignInThrottle;
let accountThrottle: SignInThrottle;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "local-sign-in-"));
  usersFile = path.join(dir, "users.json");
  localHash = await hashPassword(LOCAL.password);
  writeLocalAccounts([{ email: LOCAL.email, name: LOCAL.name, passwordHash: localHash }], usersFile);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The two throttles as one server instance builds them, on the test's database and clock. */
function instanceThrottles(db = database) {
  const now = () => clock.now;
  return {
    throttle: new SignInThrottle({ scope: "address", db: db.db, now }),
    accountThrottle: new SignInThrottle({
      scope: "account",
      maxFailures: ACCOUNT_WIDE_MAX_FAILURES,
      db: db.db,
      now,
    }),
  };
}

beforeEach(async () => {
  delete process.env.MIGRATIONS_API_URL;
  process.env.AUTH_USERS_FILE = usersFile;
  clock = { now: 5_000_000 };
  database = await testAppDatabase("sqlite");
  ({ throttle, accountThrottle } = instanceThrottles());
});

afterEach(async () => {
  await database.close();
  for (const name of ENV_NAMES) {
    const value = savedEnv[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe("signInWithPassword: the demo account", () => {
  it("signs in with the demo credentials in embedded mode (MIGRATIONS_API_URL unset)", async () => {
    expect(
      await signInWithPassword(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password, "10.0.0.1", throttle, accountThrottle),
    ).toEqual({
      ok: true,
      user: { id: "demo@example.com", email: "demo@example.com", name: "Demo User" },
    });
  });

  it("treats an empty MIGRATIONS_API_URL as unset", async () => {
    process.env.MIGRATIONS_API_URL = "  ";
    expect(
      (await signInWithPassword(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password, "10.0.0.1", throttle, accountThrottle)).ok,
    ).toBe(true);
  });

  it("normalizes the email's case and spaces", async () => {
    const result = await signInWithPassword(
      "  Demo@Example.COM ",
      DEMO_ACCOUNT.password,
      "10.0.0.1",
      throttle,
      accountThrottle,
    );
    expect(result).toEqual({
      ok: true,
      user: { id: "demo@example.com", email: "demo@example.com", name: "Demo User" },
    });
  });

  it("refuses a wrong demo password", async () => {
    expect(
      await signInWithPassword(DEMO_ACCOUNT.email, "demo-migrations ", "10.0.0.1", throttle, accountThrottle),
    ).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await signInWithPassword(DEMO_ACCOUNT.email, "", "10.0.0.1", throttle, accountThrottle)).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("does not exist when a real upstream is configured", async () => {
    process.env.MIGRATIONS_API_URL = "https://worker.example.test/api/v1";
    expect(
      await signInWithPassword(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password, "10.0.0.1", throttle, accountThrottle),
    ).toEqual({
      ok: false,
      reason: "invalid",
    });
  });
});

describe("signInWithPassword: local accounts (AUTH_USERS_FILE)", () => {
  it("signs in with the right password", async () => {
    expect(await signInWithPassword(LOCAL.email, LOCAL.password, "10.0.0.1", throttle, accountThrottle)).toEqual({
      ok: true,
      user: { id: LOCAL.email, email: LOCAL.email, name: LOCAL.name },
    });
  });

  it("works with a real upstream configured too", async () => {
    process.env.MIGRATIONS_API_URL = "https://worker.example.test/api/v1";
    const result = await signInWithPassword("OPS@example.com", LOCAL.password, "10.0.0.1", throttle, accountThrottle);
    expect(result).toEqual({ ok: true, user: { id: LOCAL.email, email: LOCAL.email, name: LOCAL.name } });
  });

  it("refuses a wrong password", async () => {
    expect(
      await signInWithPassword(LOCAL.email, "a long local passwor", "10.0.0.1", throttle, accountThrottle),
    ).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("refuses an unknown account the same way", async () => {
    expect(
      await signInWithPassword("nobody@example.com", LOCAL.password, "10.0.0.1", throttle, accountThrottle),
    ).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("refuses everyone but the demo account when the users file does not exist", async () => {
    process.env.AUTH_USERS_FILE = path.join(dir, "missing.json");
    expect((await signInWithPassword(LOCAL.email, LOCAL.password, "10.0.0.1", throttle, accountThrottle)).ok).toBe(
      false,
    );
    expect(
      (await signInWithPassword(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password, "10.0.0.1", throttle, accountThrottle)).ok,
    ).toBe(true);
  });
});

describe("signInWithPassword: throttling", () => {
  it("locks an account from one address after 10 failures, even with the right password", async () => {
    for (let i = 0; i < 9; i++) {
      expect(await signInWithPassword(DEMO_ACCOUNT.email, `wrong-${i}`, "10.0.0.1", throttle, accountThrottle)).toEqual(
        {
          ok: false,
          reason: "invalid",
        },
      );
      clock.now += 1000;
    }
    // The 10th failure is still reported as a wrong password; from then on the account is locked.
    expect(
      outcome(await signInWithPassword(DEMO_ACCOUNT.email, "wrong-9", "10.0.0.1", throttle, accountThrottle)),
    ).toBe("invalid");
    clock.now += 1000;
    expect(
      await signInWithPassword(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password, "10.0.0.1", throttle, accountThrottle),
    ).toEqual({
      ok: false,
      reason: "locked",
      // The first failure was 10 s ago; it leaves the 15-minute window in 890 s.
      retryAfterMs: 15 * 60_000 - 10_000,
    });
    // The email's case does not make it another account.
    expect(
      outcome(
        await signInWithPassword(" DEMO@example.com", DEMO_ACCOUNT.password, "10.0.0.1", throttle, accountThrottle),
      ),
    ).toBe("locked");
  });

  it("does not lock the same account from another address", async () => {
    for (let i = 0; i < 10; i++)
      await signInWithPassword(DEMO_ACCOUNT.email, "wrong", "10.0.0.1", throttle, accountThrottle);
    expect(
      (await signInWithPassword(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password, "10.0.0.1", throttle, accountThrottle)).ok,
    ).toBe(false);
    expect(
      (await signInWithPassword(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password, "10.0.0.2", throttle, accountThrottle)).ok,
    ).toBe(true);
  });

  it("does not lock another account from the same address", async () => {
    for (let i = 0; i < 10; i++)
      await signInWithPassword(DEMO_ACCOUNT.email, "wrong", "10.0.0.1", throttle, accountThrottle);
    expect((await signInWithPassword(LOCAL.email, LOCAL.password, "10.0.0.1", throttle, accountThrottle)).ok).toBe(
      true,
    );
  });

  it("unlocks once the window has passed", async () => {
    for (let i = 0; i < 10; i++)
      await signInWithPassword(DEMO_ACCOUNT.email, "wrong", "10.0.0.1", throttle, accountThrottle);
    clock.now += 15 * 60_000 - 1;
    expect(
      outcome(
        await signInWithPassword(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password, "10.0.0.1", throttle, accountThrottle),
      ),
    ).toBe("locked");
    clock.now += 1;
    expect(
      (await signInWithPassword(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password, "10.0.0.1", throttle, accountThrottle)).ok,
    ).toBe(true);
  });

  it("forgets earlier failures after a success", async () => {
    for (let i = 0; i < 9; i++)
      await signInWithPassword(DEMO_ACCOUNT.email, "wrong", "10.0.0.1", throttle, accountThrottle);
    expect(
      (await signInWithPassword(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password, "10.0.0.1", throttle, accountThrottle)).ok,
    ).toBe(true);
    for (let i = 0; i < 9; i++)
      await signInWithPassword(DEMO_ACCOUNT.email, "wrong", "10.0.0.1", throttle, accountThrottle);
    expect(
      (await signInWithPassword(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password, "10.0.0.1", throttle, accountThrottle)).ok,
    ).toBe(true);
  });

  it("locks the account from every address once the account-wide limit is reached", async () => {
    // x-forwarded-for is client-controlled without a proxy in front: a new address per try must not help.
    // A limit of 20 here (100 in production) keeps the test fast; the mechanism is the same.
    const accountWide = new SignInThrottle({
      scope: "account",
      maxFailures: 20,
      db: database.db,
      now: () => clock.now,
    });
    for (let i = 0; i < 20; i++) {
      expect(
        outcome(await signInWithPassword(LOCAL.email, "wrong password!", `10.1.0.${i}`, throttle, accountWide)),
      ).toBe("invalid");
    }
    expect(outcome(await signInWithPassword(LOCAL.email, LOCAL.password, "10.9.9.9", throttle, accountWide))).toBe(
      "locked",
    );
    expect(
      (await signInWithPassword(DEMO_ACCOUNT.email, DEMO_ACCOUNT.password, "10.9.9.9", throttle, accountWide)).ok,
    ).toBe(true);
  });

  it("40 wrong passwords sent at once: 10 are checked and answered invalid, 30 locked (no per-account cap)", async () => {
    // Without counting each try before hashing, all 40 would pass the limit check while the first hashes.
    const unbounded = new PasswordCheckLimiter({ concurrent: 4, queued: 100, perAccount: 100 });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        signInWithPassword(LOCAL.email, `wrong-${i}`, "10.0.0.1", throttle, accountThrottle, unbounded),
      ),
    );
    const reasons = results.map(outcome);
    expect(reasons.filter((reason) => reason === "invalid")).toHaveLength(10);
    expect(reasons.filter((reason) => reason === "locked")).toHaveLength(30);
    // The right password is locked out too.
    expect(outcome(await signInWithPassword(LOCAL.email, LOCAL.password, "10.0.0.1", throttle, accountThrottle))).toBe(
      "locked",
    );
  });

  it("40 at once with the default limits: at most 10 invalid, the rest locked or busy, and the right one still works later", async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        signInWithPassword(
          LOCAL.email,
          `wrong-${i}`,
          "10.0.0.2",
          throttle,
          accountThrottle,
          new PasswordCheckLimiter(),
        ),
      ),
    );
    const reasons = results.map(outcome);
    expect(reasons.filter((reason) => reason === "invalid").length).toBeLessThanOrEqual(10);
    expect(reasons.every((reason) => ["invalid", "locked", "busy"].includes(reason))).toBe(true);
    // A right password is checked normally from another address, and its success takes its reserved try back.
    expect(outcome(await signInWithPassword(LOCAL.email, LOCAL.password, "10.0.0.3", throttle, accountThrottle))).toBe(
      "ok",
    );
  });

  it("answers busy, without checking, while the account already has its checks in flight", async () => {
    const limiter = new PasswordCheckLimiter({ concurrent: 4, queued: 10, perAccount: 1 });
    const [first, second] = await Promise.all([
      signInWithPassword(LOCAL.email, LOCAL.password, "10.0.0.4", throttle, accountThrottle, limiter),
      signInWithPassword(LOCAL.email, LOCAL.password, "10.0.0.4", throttle, accountThrottle, limiter),
    ]);
    expect(outcome(first)).toBe("ok");
    expect(second).toEqual({ ok: false, reason: "busy", retryAfterMs: 1_000 });
  });

  it("counts failures on one instance against the next try on another (same database)", async () => {
    const other = instanceThrottles();
    for (let i = 0; i < 10; i++)
      await signInWithPassword(DEMO_ACCOUNT.email, "wrong", "10.0.0.1", throttle, accountThrottle);
    expect(
      outcome(
        await signInWithPassword(
          DEMO_ACCOUNT.email,
          DEMO_ACCOUNT.password,
          "10.0.0.1",
          other.throttle,
          other.accountThrottle,
        ),
      ),
    ).toBe("locked");
  });

  it("uses the 15-minute window of the throttle it is given", () => {
    expect(throttle.windowMs).toBe(SIGN_IN_WINDOW_MS);
    expect(accountThrottle.maxFailures).toBe(100);
  });

  it("locks a local account too", async () => {
    for (let i = 0; i < 10; i++)
      await signInWithPassword(LOCAL.email, "wrong password!", "10.0.0.9", throttle, accountThrottle);
    expect(outcome(await signInWithPassword(LOCAL.email, LOCAL.password, "10.0.0.9", throttle, accountThrottle))).toBe(
      "locked",
    );
  });
});

describe("clientAddressOf", () => {
  it.each<[Record<string, string>]>([
    [{ "x-forwarded-for": "203.0.113.7" }],
    [{ "x-forwarded-for": "203.0.113.7, 10.0.0.1" }],
    [{}],
  ])("ignores %j without a trusted proxy: any value could come from the client", (headers) => {
    expect(clientAddressOf(new Headers(headers), 0)).toBe("any-address");
  });

  it.each<[Record<string, string>, number, string]>([
    [{ "x-forwarded-for": "203.0.113.7" }, 1, "203.0.113.7"],
    // A client-sent value comes first; the proxy appends what it saw: the right-most entry is real.
    [{ "x-forwarded-for": "1.2.3.4, 203.0.113.7" }, 1, "203.0.113.7"],
    [{ "x-forwarded-for": " 1.2.3.4 , 203.0.113.7, 10.0.0.2" }, 2, "203.0.113.7"],
    [{ "x-forwarded-for": "2001:db8::1" }, 1, "2001:db8::1"],
    [{ "x-forwarded-for": "" }, 1, "unknown"],
    [{ "x-forwarded-for": "10.0.0.1" }, 2, "unknown"],
    [{}, 1, "unknown"],
  ])("reads %j with %i trusted hop(s) as %j", (headers, hops, address) => {
    expect(clientAddressOf(new Headers(headers), hops)).toBe(address);
  });

  it("reads the number of hops from AUTH_TRUSTED_PROXY_HOPS, and refuses a bad value", () => {
    const saved = process.env.AUTH_TRUSTED_PROXY_HOPS;
    try {
      process.env.AUTH_TRUSTED_PROXY_HOPS = "1";
      expect(clientAddressOf(new Headers({ "x-forwarded-for": "1.2.3.4, 203.0.113.7" }))).toBe("203.0.113.7");
      process.env.AUTH_TRUSTED_PROXY_HOPS = "two";
      expect(() => clientAddressOf(new Headers())).toThrow("AUTH_TRUSTED_PROXY_HOPS");
    } finally {
      if (saved === undefined) delete process.env.AUTH_TRUSTED_PROXY_HOPS;
      else process.env.AUTH_TRUSTED_PROXY_HOPS = saved;
    }
  });
});
