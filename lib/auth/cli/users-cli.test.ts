import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { readLocalAccounts } from "../local-accounts";
import { verifyPassword } from "../passwords";
import { runUsersCli, USERS_USAGE } from "./users-cli";

const PASSWORD = "twelve chars!";
const OTHER_PASSWORD = "another long password";

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "users-cli-"));
  file = path.join(dir, "users.json");
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(argv: string[], prompted = "never asked for") {
  const out: string[] = [];
  const err: string[] = [];
  const promptPassword = vi.fn(async () => prompted);
  const code = await runUsersCli(argv, {
    io: { out: (line) => out.push(line), err: (line) => err.push(line) },
    promptPassword,
    file,
  });
  return { code, out, err, promptPassword };
}

describe("runUsersCli add", () => {
  it("adds an account with --password and --name", async () => {
    const result = await run(["add", "Alice@Example.com", "--name", "Alice A.", "--password", PASSWORD]);
    expect(result.code).toBe(0);
    expect(result.err).toEqual([]);
    expect(result.out).toEqual([`Added alice@example.com (Alice A.) in ${file}.`]);
    expect(result.promptPassword).not.toHaveBeenCalled();
    const accounts = readLocalAccounts(file);
    expect(accounts).toHaveLength(1);
    expect(accounts[0]?.email).toBe("alice@example.com");
    expect(accounts[0]?.name).toBe("Alice A.");
    expect(await verifyPassword(PASSWORD, accounts[0]?.passwordHash as string)).toBe(true);
    expect(readFileSync(file, "utf8")).not.toContain(PASSWORD);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("asks for the password when --password is absent, and names the account after the email", async () => {
    const result = await run(["add", "bob@example.com"], OTHER_PASSWORD);
    expect(result.code).toBe(0);
    expect(result.promptPassword).toHaveBeenCalledTimes(1);
    expect(result.out).toEqual([`Added bob@example.com (bob) in ${file}.`]);
    const [account] = readLocalAccounts(file);
    expect(account?.name).toBe("bob");
    expect(await verifyPassword(OTHER_PASSWORD, account?.passwordHash as string)).toBe(true);
  });

  it("updates an existing account: one entry, new password, the old name kept", async () => {
    await run(["add", "alice@example.com", "--name", "Alice", "--password", PASSWORD]);
    await run(["add", "bob@example.com", "--password", PASSWORD]);
    const result = await run(["add", "ALICE@example.com", "--password", OTHER_PASSWORD]);
    expect(result.code).toBe(0);
    expect(result.out).toEqual([`Updated alice@example.com (Alice) in ${file}.`]);
    const accounts = readLocalAccounts(file);
    expect(accounts.map((a) => a.email).sort()).toEqual(["alice@example.com", "bob@example.com"]);
    const alice = accounts.find((a) => a.email === "alice@example.com");
    expect(alice?.name).toBe("Alice");
    expect(await verifyPassword(OTHER_PASSWORD, alice?.passwordHash as string)).toBe(true);
    expect(await verifyPassword(PASSWORD, alice?.passwordHash as string)).toBe(false);
  });

  it("updates the name when --name is given again", async () => {
    await run(["add", "alice@example.com", "--name", "Alice", "--password", PASSWORD]);
    const result = await run(["add", "alice@example.com", "--name", "Alice Cooper", "--password", PASSWORD]);
    expect(result.out).toEqual([`Updated alice@example.com (Alice Cooper) in ${file}.`]);
    expect(readLocalAccounts(file).map((a) => a.name)).toEqual(["Alice Cooper"]);
  });

  it("refuses a password shorter than 12 characters with exit 2, changing nothing", async () => {
    await run(["add", "alice@example.com", "--password", PASSWORD]);
    const before = readFileSync(file, "utf8");
    const result = await run(["add", "alice@example.com", "--password", "elevenchars"]);
    expect(result.code).toBe(2);
    expect(result.err).toEqual(["The password must have at least 12 characters. Nothing was changed."]);
    expect(result.out).toEqual([]);
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("refuses a short prompted password, creating no file", async () => {
    const result = await run(["add", "carol@example.com"], "short");
    expect(result.code).toBe(2);
    expect(result.promptPassword).toHaveBeenCalledTimes(1);
    expect(existsSync(file)).toBe(false);
  });

  it.each([
    ["add"],
    ["add", "not-an-email", "--password", PASSWORD],
    ["add", "a@example.com", "extra", "--password", PASSWORD],
  ])("refuses %j with exit 2 and the usage", async (...argv) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.err).toHaveLength(1);
    expect(result.err[0]).toBe(`add needs exactly one email address.\n\n${USERS_USAGE}`);
    expect(result.promptPassword).not.toHaveBeenCalled();
    expect(existsSync(file)).toBe(false);
  });
});

describe("runUsersCli list", () => {
  it("says when there are no accounts", async () => {
    const result = await run(["list"]);
    expect(result.code).toBe(0);
    expect(result.out).toEqual([`No local accounts in ${file}.`]);
  });

  it("prints email and name, never a hash", async () => {
    await run(["add", "alice@example.com", "--name", "Alice", "--password", PASSWORD]);
    await run(["add", "bob@example.com", "--password", PASSWORD]);
    const result = await run(["list"]);
    expect(result.code).toBe(0);
    expect(result.out).toEqual(["alice@example.com\tAlice", "bob@example.com\tbob"]);
    const printed = [...result.out, ...result.err].join("\n");
    expect(printed).not.toContain("scrypt");
    for (const account of readLocalAccounts(file)) {
      expect(printed).not.toContain(account.passwordHash.split("$")[5] as string);
    }
  });
});

describe("runUsersCli remove", () => {
  it("removes an account", async () => {
    await run(["add", "alice@example.com", "--password", PASSWORD]);
    await run(["add", "bob@example.com", "--password", PASSWORD]);
    const result = await run(["remove", " Alice@Example.com "]);
    expect(result.code).toBe(0);
    expect(result.out).toEqual(["Removed alice@example.com."]);
    expect(readLocalAccounts(file).map((a) => a.email)).toEqual(["bob@example.com"]);
  });

  it("fails with exit 1 for an unknown account, changing nothing", async () => {
    await run(["add", "alice@example.com", "--password", PASSWORD]);
    const before = readFileSync(file, "utf8");
    const result = await run(["remove", "nobody@example.com"]);
    expect(result.code).toBe(1);
    expect(result.err).toEqual(["No account nobody@example.com."]);
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("fails with exit 1 when the file does not exist, and does not create it", async () => {
    const result = await run(["remove", "alice@example.com"]);
    expect(result.code).toBe(1);
    expect(result.err).toEqual(["No account alice@example.com."]);
    expect(existsSync(file)).toBe(false);
  });

  it("refuses a bad email with exit 2", async () => {
    const result = await run(["remove", "alice"]);
    expect(result.code).toBe(2);
    expect(result.err[0]).toBe(`remove needs exactly one email address.\n\n${USERS_USAGE}`);
  });
});

describe("runUsersCli unlock", () => {
  async function runUnlock(argv: string[], unlock: (email: string) => Promise<number>) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runUsersCli(argv, {
      io: { out: (line) => out.push(line), err: (line) => err.push(line) },
      promptPassword: async () => "never asked for",
      file,
      unlock,
    });
    return { code, out, err };
  }

  it("lifts the limits of an account (any account, the demo one too), normalizing the address", async () => {
    const unlock = vi.fn(async () => 11);
    const result = await runUnlock(["unlock", " Demo@Example.com "], unlock);
    expect(unlock).toHaveBeenCalledWith("demo@example.com");
    expect(result).toEqual({ code: 0, out: ["Unlocked demo@example.com: 11 counted failure(s) removed."], err: [] });
  });

  it("says so when there was nothing to lift", async () => {
    const result = await runUnlock(["unlock", "ops@example.com"], async () => 0);
    expect(result.out).toEqual(["ops@example.com was not locked (no counted failures)."]);
  });

  it("fails with exit 1 and says why when the database cannot be reached", async () => {
    const result = await runUnlock(["unlock", "ops@example.com"], async () => {
      throw new Error("connect ECONNREFUSED 127.0.0.1:5432");
    });
    expect(result.code).toBe(1);
    expect(result.err).toEqual(["Cannot reach the app database: connect ECONNREFUSED 127.0.0.1:5432"]);
  });

  it("refuses a bad email with exit 2, touching nothing", async () => {
    const unlock = vi.fn(async () => 0);
    const result = await runUnlock(["unlock", "not-an-email"], unlock);
    expect(result.code).toBe(2);
    expect(unlock).not.toHaveBeenCalled();
  });
});

describe("runUsersCli errors", () => {
  it("refuses an unknown command with exit 2 and the usage", async () => {
    const result = await run(["delete", "alice@example.com"]);
    expect(result.code).toBe(2);
    expect(result.err).toEqual([`Unknown command "delete".\n\n${USERS_USAGE}`]);
  });

  it("refuses no command with exit 2", async () => {
    const result = await run([]);
    expect(result.code).toBe(2);
    expect(result.err).toEqual([`No command given.\n\n${USERS_USAGE}`]);
  });

  it("refuses an unknown option with exit 2", async () => {
    const result = await run(["add", "alice@example.com", "--admin"]);
    expect(result.code).toBe(2);
    expect(result.err[0]).toContain(USERS_USAGE);
    expect(result.promptPassword).not.toHaveBeenCalled();
    expect(existsSync(file)).toBe(false);
  });

  it.each([["list"], ["add", "alice@example.com", "--password", PASSWORD], ["remove", "alice@example.com"]])(
    "fails %j with exit 1 and a message when the users file is broken, leaving it as it was",
    async (...argv) => {
      writeFileSync(file, "{ not json");
      const result = await run(argv);
      expect(result.code).toBe(1);
      expect(result.err).toEqual([`Cannot read the accounts file: ${file} is not valid JSON`]);
      expect(result.out).toEqual([]);
      expect(readFileSync(file, "utf8")).toBe("{ not json");
    },
  );

  it("names the field when the users file has the wrong shape", async () => {
    writeFileSync(file, JSON.stringify({ users: [{ email: "alice@example.com", name: "A", passwordHash: "plain" }] }));
    const result = await run(["list"]);
    expect(result.code).toBe(1);
    expect(result.err[0]?.startsWith(`Cannot read the accounts file: ${file}: users.0.passwordHash`)).toBe(true);
  });
});
