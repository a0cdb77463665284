import "server-only";
import path from "node:path";
import Database from "better-sqlite3";
import { dataDir } from "@/lib/config/data-dir";
import { keepSqliteFilesPrivate } from "@/lib/config/private-files";
import { SCHEMA_MIGRATIONS } from "./schema-migrations";

export type EmbeddedDatabase = Database.Database;

/** Opens (or creates) a database file, or ":memory:", and brings its schema up to date. */
export function openDatabase(filename: string): EmbeddedDatabase {
  const db = new Database(filename);
  keepSqliteFilesPrivate(filename);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  // The CLI and the server may write at the same time; wait for the lock instead of failing.
  db.pragma("busy_timeout = 5000");
  applySchemaMigrations(db);
  // The WAL and its index exist now (SQLite gives them the database's mode, but older ones may differ).
  keepSqliteFilesPrivate(filename);
  // Lets SQLite gather the statistics its planner uses to pick between the filter indexes.
  db.pragma("optimize = 0x10002");
  return db;
}

export function applySchemaMigrations(db: EmbeddedDatabase): void {
  const applied = db.pragma("user_version", { simple: true }) as number;
  for (let step = applied; step < SCHEMA_MIGRATIONS.length; step++) {
    db.transaction(() => {
      db.exec(SCHEMA_MIGRATIONS[step] as string);
      db.pragma(`user_version = ${step + 1}`);
    }).immediate();
  }
}

export function embeddedDatabasePath(): string {
  return path.join(dataDir(), "migrations-api.sqlite");
}

const globalForDatabase = globalThis as typeof globalThis & { __embeddedDatabase?: EmbeddedDatabase };

/** The app's one connection to the embedded API's database (kept on globalThis to survive dev reloads). */
export function getEmbeddedDatabase(): EmbeddedDatabase {
  globalForDatabase.__embeddedDatabase ??= openDatabase(embeddedDatabasePath());
  return globalForDatabase.__embeddedDatabase;
}
