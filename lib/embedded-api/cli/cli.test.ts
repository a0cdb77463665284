import { beforeEach, describe, expect, it } from "vitest";
import type { CliIo } from "@/lib/cli/io";
import { authenticateApiKey, listApiKeys } from "../api-keys";
import { type EmbeddedDatabase, openDatabase } from "../database";
import { countAllMigrations } from "../migrations-store";
import { findOrganizationByName } from "../organizations";
import { runKeysCli } from "./keys-cli";
import { runSeedCli } from "./seed-cli";

let db: EmbeddedDatabase;
let out: string[];
let err: string[];
let io: CliIo;

beforeEach(() => {
  db = openDatabase(":memory:");
  out = [];
  err = [];
  io = { out: (line) => out.push(line), err: (line) => err.push(line) };
});

describe("keys CLI", () => {
  it("create prints a working key once, for a new organization it creates", () => {
    expect(runKeysCli(["create", "--org", "acme", "--label", "ci"], db, io)).toBe(0);
    expect(out).toHaveLength(1);
    const key = out[0] as string;
    expect(key).toMatch(/^anon_[A-Za-z0-9_-]{32}$/);
    expect(authenticateApiKey(db, key)?.name).toBe("acme");
    expect(err.join("\n")).toContain('Created organization "acme"');
  });

  it("list shows prefixes only, never a whole key", () => {
    runKeysCli(["create", "--org", "acme"], db, io);
    const key = out[0] as string;
    out = [];
    expect(runKeysCli(["list"], db, io)).toBe(0);
    const printed = out.join("\n");
    expect(printed).toContain(key.slice(0, 13));
    expect(printed).not.toContain(key);
    expect(printed).toContain("acme");
  });

  it("revoke disables the key, and a second revoke of the same prefix fails", () => {
    runKeysCli(["create", "--org", "acme"], db, io);
    const key = out[0] as string;
    const prefix = listApiKeys(db)[0]?.prefix as string;
    expect(runKeysCli(["revoke", prefix], db, io)).toBe(0);
    expect(authenticateApiKey(db, key)).toBeUndefined();
    expect(runKeysCli(["revoke", prefix], db, io)).toBe(1);
    expect(err.at(-1)).toContain(`No active key has the prefix "${prefix}"`);
  });

  it.each([
    [[], "No command given."],
    [["rotate"], 'Unknown command "rotate".'],
    [["create"], "create needs --org <name>"],
    [["create", "--org", "../bad name!"], "invalid organization name"],
    [["revoke"], "revoke needs exactly one key prefix"],
    [["revoke", "a", "b"], "revoke needs exactly one key prefix"],
    [["list", "--bogus"], "Unknown option '--bogus'"],
  ])("%j is a usage error (exit 2) that says what is wrong and changes nothing", (argv, message) => {
    expect(runKeysCli(argv, db, io)).toBe(2);
    expect(err.join("\n")).toContain(message);
    expect(out).toEqual([]);
    expect(listApiKeys(db)).toEqual([]);
  });
});

describe("seed CLI", () => {
  it("seeds the requested data, the same for the same options", () => {
    const argv = [
      "--migrations",
      "300",
      "--companies",
      "5",
      "--users",
      "20",
      "--seed",
      "7",
      "--now",
      "2026-01-01T00:00:00Z",
    ];
    expect(runSeedCli(argv, db, io)).toBe(0);
    expect(countAllMigrations(db)).toBe(300);
    expect(findOrganizationByName(db, "demo")).toBeDefined();
    const first = db.prepare("SELECT id, created_us, status FROM migrations ORDER BY id").all();

    const other = openDatabase(":memory:");
    expect(runSeedCli(argv, other, io)).toBe(0);
    expect(other.prepare("SELECT id, created_us, status FROM migrations ORDER BY id").all()).toEqual(first);
  });

  it("refuses to touch a database that has migrations, unless --reset", () => {
    runSeedCli(["--migrations", "50"], db, io);
    expect(runSeedCli(["--migrations", "80"], db, io)).toBe(1);
    expect(err.at(-1)).toContain("already holds 50 migrations; nothing was changed");
    expect(countAllMigrations(db)).toBe(50);
    expect(runSeedCli(["--migrations", "80", "--reset"], db, io)).toBe(0);
    expect(countAllMigrations(db)).toBe(80);
  });

  it.each([
    [["--migrations", "0"], "--migrations"],
    [["--migrations", "ten"], "--migrations"],
    [["--seed", "-1"], "--seed"],
    [["--now", "yesterday"], "--now"],
    [["--colour", "red"], "Unknown option '--colour'"],
  ])("%j is a usage error naming the option, and seeds nothing", (argv, message) => {
    expect(runSeedCli(argv, db, io)).toBe(2);
    expect(err.join("\n")).toContain(message);
    expect(countAllMigrations(db)).toBe(0);
  });
});
