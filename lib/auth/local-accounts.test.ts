import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  findLocalAccount,
  type LocalAccount,
  readLocalAccounts,
  usersFilePath,
  writeLocalAccounts,
} from "./local-accounts";
import { hashPassword } from "./passwords";

let dir: string;
let file: string;
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword("a long enough password");
});

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "local-accounts-"));
  file = path.join(dir, "users.json");
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function errorOf(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("readLocalAccounts", () => {
  it("answers [] when the file does not exist", () => {
    expect(readLocalAccounts(file)).toEqual([]);
  });

  it("reads accounts, normalizing the email to lower case and trimming the name", () => {
    writeFileSync(
      file,
      JSON.stringify({ users: [{ email: "  Alice@Example.COM ", name: "  Alice A. ", passwordHash }] }),
    );
    expect(readLocalAccounts(file)).toEqual([{ email: "alice@example.com", name: "Alice A.", passwordHash }]);
  });

  it("reads an empty list", () => {
    writeFileSync(file, '{"users":[]}');
    expect(readLocalAccounts(file)).toEqual([]);
  });

  it.each(["", "{", "not json", "{'users': []}"])("throws an Error naming the file for invalid JSON %j", (text) => {
    writeFileSync(file, text);
    const error = errorOf(() => readLocalAccounts(file));
    expect(error.message).toBe(`${file} is not valid JSON`);
  });

  it.each([
    ["an array", "[]", ""],
    ["no users", "{}", "users"],
    ["users not a list", '{"users":{}}', "users"],
    [
      "a bad email",
      JSON.stringify({ users: [{ email: "not-an-email", name: "x", passwordHash: "HASH" }] }),
      "users.0.email",
    ],
    [
      "an empty name",
      JSON.stringify({ users: [{ email: "a@b.test", name: "  ", passwordHash: "HASH" }] }),
      "users.0.name",
    ],
    [
      "a plain-text password",
      JSON.stringify({ users: [{ email: "a@b.test", name: "A", passwordHash: "hunter2" }] }),
      "users.0.passwordHash",
    ],
    ["a missing hash", JSON.stringify({ users: [{ email: "a@b.test", name: "A" }] }), "users.0.passwordHash"],
  ])("throws an Error naming the file and the field for %s", (_label, text, where) => {
    writeFileSync(file, text.replaceAll("HASH", passwordHash));
    const error = errorOf(() => readLocalAccounts(file));
    expect(error.message.startsWith(`${file}: ${where}`)).toBe(true);
    expect(error.message).not.toContain(passwordHash);
  });

  it("rethrows other read errors (a directory is not a file)", () => {
    const error = errorOf(() => readLocalAccounts(dir)) as NodeJS.ErrnoException;
    expect(error.code).toBe("EISDIR");
  });
});

describe("writeLocalAccounts", () => {
  const account = (email: string, name = "Someone"): LocalAccount => ({ email, name, passwordHash });

  it("writes a file that reads back the same accounts", () => {
    const accounts = [account("a@example.com", "A"), account("b@example.com", "B")];
    writeLocalAccounts(accounts, file);
    expect(readLocalAccounts(file)).toEqual(accounts);
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ users: accounts });
    expect(readFileSync(file, "utf8").endsWith("}\n")).toBe(true);
  });

  it("makes the file owner-only (0600)", () => {
    writeLocalAccounts([account("a@example.com")], file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("replaces a world-readable file with an owner-only one", () => {
    writeFileSync(file, '{"users":[]}', { mode: 0o644 });
    expect(statSync(file).mode & 0o777).toBe(0o644);
    writeLocalAccounts([account("a@example.com")], file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("replaces the file by a rename, leaving no temporary file behind", () => {
    writeLocalAccounts([account("a@example.com")], file);
    const before = statSync(file).ino;
    writeLocalAccounts([account("b@example.com")], file);
    expect(statSync(file).ino).not.toBe(before);
    expect(readdirSync(dir)).toEqual(["users.json"]);
    expect(readLocalAccounts(file).map((a) => a.email)).toEqual(["b@example.com"]);
  });

  it("leaves the old file intact when the write fails", () => {
    writeLocalAccounts([account("a@example.com")], file);
    const before = readFileSync(file, "utf8");
    const missing = path.join(dir, "no-such-dir", "users.json");
    expect(() => writeLocalAccounts([account("b@example.com")], missing)).toThrow();
    expect(readFileSync(file, "utf8")).toBe(before);
  });
});

describe("findLocalAccount", () => {
  it("finds an account by email, whatever its case and surrounding spaces", () => {
    writeFileSync(file, JSON.stringify({ users: [{ email: "Alice@Example.com", name: "Alice", passwordHash }] }));
    expect(findLocalAccount("  ALICE@example.COM ", file)).toEqual({
      email: "alice@example.com",
      name: "Alice",
      passwordHash,
    });
    expect(findLocalAccount("bob@example.com", file)).toBeUndefined();
  });

  it("finds nothing when the file does not exist", () => {
    expect(findLocalAccount("alice@example.com", file)).toBeUndefined();
  });
});

describe("usersFilePath", () => {
  const saved = { AUTH_USERS_FILE: process.env.AUTH_USERS_FILE, DATA_DIR: process.env.DATA_DIR };
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it("uses AUTH_USERS_FILE, resolved to an absolute path", () => {
    process.env.AUTH_USERS_FILE = ` ${file} `;
    expect(usersFilePath()).toBe(file);
  });

  it("defaults to users.json in the data folder", () => {
    delete process.env.AUTH_USERS_FILE;
    process.env.DATA_DIR = path.join(dir, "data");
    expect(usersFilePath()).toBe(path.join(dir, "data", "users.json"));
  });
});
