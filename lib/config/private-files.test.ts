import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openAppDatabase } from "@/lib/db/connection";
import { openDatabase } from "@/lib/embedded-api/database";
import { dataDir } from "./data-dir";
import { keepPrivate, keepSqliteFilesPrivate } from "./private-files";

const mode = (file: string) => statSync(file).mode & 0o777;
let root: string;
const savedDataDir = process.env.DATA_DIR;

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "private-files-"));
});

afterEach(() => {
  if (savedDataDir === undefined) delete process.env.DATA_DIR;
  else process.env.DATA_DIR = savedDataDir;
  rmSync(root, { recursive: true, force: true });
});

/**
 * A SQLite database in WAL mode copied in world-readable with its -wal and -shm (as a backup restore
 * or an older version would leave it): copied while a connection still holds them, so all three exist.
 */
function looseSqliteFile(file: string): void {
  const source = `${file}.source`;
  const db = new Database(source);
  db.pragma("journal_mode = WAL");
  db.exec("create table t (x); insert into t values (1);");
  for (const suffix of ["", "-wal", "-shm"]) {
    copyFileSync(`${source}${suffix}`, `${file}${suffix}`);
    chmodSync(`${file}${suffix}`, 0o644);
  }
  db.close();
}

describe("private files", () => {
  it("makes an existing data folder owner-only (0700)", () => {
    const dir = path.join(root, "data");
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    process.env.DATA_DIR = dir;
    expect(dataDir()).toBe(dir);
    expect(mode(dir)).toBe(0o700);
  });

  it("creates a new data folder owner-only", () => {
    const dir = path.join(root, "new-data");
    process.env.DATA_DIR = dir;
    dataDir();
    expect(mode(dir)).toBe(0o700);
  });

  it("makes an existing app database and its WAL and index 0600 when opened", async () => {
    const file = path.join(root, "app.sqlite");
    looseSqliteFile(file);
    for (const suffix of ["", "-wal", "-shm"]) expect(mode(`${file}${suffix}`)).toBe(0o644);
    const database = await openAppDatabase({ dialect: "sqlite", file });
    try {
      await database.db.selectFrom("sync_state").selectAll().execute();
      for (const suffix of ["", "-wal", "-shm"]) expect(mode(`${file}${suffix}`), suffix || "database").toBe(0o600);
    } finally {
      await database.close();
    }
  });

  it("makes an existing embedded API database and its WAL and index 0600 when opened", () => {
    const file = path.join(root, "migrations-api.sqlite");
    looseSqliteFile(file);
    const db = openDatabase(file);
    try {
      for (const suffix of ["", "-wal", "-shm"]) expect(mode(`${file}${suffix}`), suffix || "database").toBe(0o600);
    } finally {
      db.close();
    }
  });

  it("keepPrivate sets the mode, ignores a file that is not there, and reports any other failure", () => {
    const file = path.join(root, "secret");
    writeFileSync(file, "x", { mode: 0o644 });
    keepPrivate(file);
    expect(mode(file)).toBe(0o600);
    expect(() => keepPrivate(path.join(root, "absent"))).not.toThrow();
    expect(() => keepPrivate(path.join(root, "absent", "deeper"))).not.toThrow();
    expect(() => keepSqliteFilesPrivate(":memory:")).not.toThrow();
    const notADir = path.join(file, "child");
    expect(() => keepPrivate(notADir)).toThrow();
  });
});

describe("generated secrets that already exist", () => {
  it("the auth secret and the demo key are made 0600 when read", async () => {
    const dir = path.join(root, "data");
    mkdirSync(dir);
    process.env.DATA_DIR = dir;
    writeFileSync(path.join(dir, "auth-secret"), "an-existing-secret-of-enough-length\n", { mode: 0o644 });
    vi.resetModules();
    const { authSecret } = await import("@/lib/auth/secret");
    const saved = process.env.AUTH_SECRET;
    delete process.env.AUTH_SECRET;
    try {
      expect(authSecret()).toBe("an-existing-secret-of-enough-length");
    } finally {
      if (saved !== undefined) process.env.AUTH_SECRET = saved;
    }
    expect(mode(path.join(dir, "auth-secret"))).toBe(0o600);

    const { ensureDemoApiKey, demoKeyPath } = await import("@/lib/embedded-api/demo-key");
    const db = openDatabase(":memory:");
    try {
      const key = ensureDemoApiKey(db);
      chmodSync(demoKeyPath(), 0o644);
      expect(ensureDemoApiKey(db)).toBe(key);
      expect(mode(demoKeyPath())).toBe(0o600);
    } finally {
      db.close();
    }
  });
});
