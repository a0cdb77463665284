/**
 * The app database in tests, on either engine: the same test runs against SQLite and PostgreSQL.
 * Never import this from production code.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, afterEach, beforeEach } from "vitest";
import { type AppDatabase, openAppDatabase } from "@/lib/db/connection";
import type { AppDialect } from "@/lib/db/dialect";
import type { DatabaseTarget } from "@/lib/db/settings";
import { createTestDatabase, postgresUnavailable } from "./postgres";

/** Every engine the app database runs on; tests `describe.each` over these. */
export const TEST_ENGINES: readonly AppDialect[] = ["sqlite", "postgres"];

/** Where a fresh, empty database of that engine is, and how to throw it away afterwards. */
export async function freshDatabaseTarget(
  engine: AppDialect,
): Promise<{ target: DatabaseTarget; dispose(): Promise<void> }> {
  if (engine === "postgres") {
    const database = await createTestDatabase();
    return { target: { dialect: "postgres", url: database.url }, dispose: () => database.drop() };
  }
  // A file rather than :memory:, so that a second connection sees the same database.
  const dir = mkdtempSync(path.join(os.tmpdir(), "console-app-db-"));
  return {
    target: { dialect: "sqlite", file: path.join(dir, "app.sqlite") },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh app database with its schema: SQLite in memory, or a new database on the test PostgreSQL server. */
export async function openTestAppDatabase(engine: AppDialect): Promise<AppDatabase> {
  if (engine === "sqlite") return openAppDatabase({ dialect: "sqlite", file: ":memory:" });
  const { target, dispose } = await freshDatabaseTarget(engine);
  let app: AppDatabase;
  try {
    app = await openAppDatabase(target);
  } catch (error) {
    await dispose();
    throw error;
  }
  return {
    ...app,
    async close() {
      await app.close();
      await dispose();
    },
  };
}

/** Skips the calling test when its engine cannot run here (PostgreSQL not installed), saying why. */
export function skipUnlessAvailable(engine: AppDialect, context: { skip(note?: string): void }): void {
  const reason = engine === "postgres" ? postgresUnavailable() : undefined;
  if (reason) context.skip(reason);
}

/**
 * Registers hooks giving each test of the calling suite an app database on `engine` with no rows in
 * it, and returns the accessor for it. SQLite: a new in-memory database per test. PostgreSQL: one new
 * database per suite (creating and migrating one costs most of a second), emptied before each test,
 * dropped after the suite.
 */
export function appDatabasePerTest(engine: AppDialect): () => AppDatabase {
  let current: AppDatabase | undefined;
  let suiteDatabase: { app: AppDatabase; tables: string[] } | undefined;

  beforeEach(async (context) => {
    skipUnlessAvailable(engine, context);
    if (engine === "sqlite") {
      current = await openTestAppDatabase(engine);
      return;
    }
    if (!suiteDatabase) {
      const app = await openTestAppDatabase(engine);
      const tables = (await app.db.introspection.getTables()).map((table) => table.name);
      suiteDatabase = { app, tables };
    } else {
      const names = suiteDatabase.tables.map((name) => sql.id(name));
      await sql`truncate table ${sql.join(names)} restart identity`.execute(suiteDatabase.app.db);
    }
    current = suiteDatabase.app;
  });
  afterEach(async () => {
    if (engine === "sqlite") await current?.close();
    current = undefined;
  });
  afterAll(async () => {
    await suiteDatabase?.app.close();
    suiteDatabase = undefined;
  });

  return () => {
    if (!current) throw new Error("The app database is opened by beforeEach: use it inside a test.");
    return current;
  };
}
