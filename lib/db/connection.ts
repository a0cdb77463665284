import "server-only";
import Database from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { keepSqliteFilesPrivate } from "@/lib/config/private-files";
import type { AppDialect } from "./dialect";
import type { AppSchema } from "./schema";
import { schemaMigrationProvider } from "./schema-migrations";
import { type DatabaseTarget, databaseTarget } from "./settings";

export interface AppDatabase {
  db: Kysely<AppSchema>;
  dialect: AppDialect;
  close(): Promise<void>;
}

const INT8_OID = 20;

/** pg reads 64-bit integers (bigint columns, COUNT) as strings; every value here fits a number. */
const pgTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

function openSqlite(file: string): Kysely<AppSchema> {
  const database = new Database(file);
  keepSqliteFilesPrivate(file);
  database.pragma("journal_mode = WAL");
  database.pragma("synchronous = NORMAL");
  // Another process (a second instance, a CLI) may hold the write lock for a moment.
  database.pragma("busy_timeout = 5000");
  // A walk's write touches hundreds of index pages: a 16 MB cache keeps the hot ones, and a WAL
  // checkpoint every ~40 MB instead of every 4 MB writes each page back once, not once per commit.
  database.pragma("cache_size = -16000");
  database.pragma("wal_autocheckpoint = 10000");
  keepSqliteFilesPrivate(file);
  return new Kysely<AppSchema>({ dialect: new SqliteDialect({ database }) });
}

function openPostgres(url: string): Kysely<AppSchema> {
  const pool = new pg.Pool({ connectionString: url, max: 10, types: pgTypes, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on("error", () => {});
  return new Kysely<AppSchema>({ dialect: new PostgresDialect({ pool }) });
}

/**
 * Where the app's tables go on PostgreSQL: the schema unqualified names resolve to. Named to Kysely's
 * migrator because it otherwise takes a `kysely_migration` table in any schema of the database
 * (another app's, say) for its own, and then cannot find it.
 */
async function migrationTableSchema(db: Kysely<AppSchema>): Promise<string | undefined> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  return rows[0]?.schema ?? undefined;
}

/** Opens the database and brings its schema up to date (each step once, under Kysely's migration lock). */
export async function openAppDatabase(target: DatabaseTarget): Promise<AppDatabase> {
  const db = target.dialect === "sqlite" ? openSqlite(target.file) : openPostgres(target.url);
  let error: unknown;
  try {
    const schema = target.dialect === "postgres" ? await migrationTableSchema(db) : undefined;
    const migrator = new Migrator({
      db,
      provider: schemaMigrationProvider(target.dialect),
      ...(schema !== undefined ? { migrationTableSchema: schema } : {}),
    });
    ({ error } = await migrator.migrateToLatest());
  } catch (caught) {
    error = caught;
  }
  if (error) {
    await db.destroy();
    throw new Error(
      `The app database's schema could not be brought up to date: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return { db, dialect: target.dialect, close: () => db.destroy() };
}

const globalForDatabase = globalThis as typeof globalThis & { __appDatabase?: Promise<AppDatabase> };

/** The process's one connection (pool) to the app database, opened and migrated on first use. */
export function appDatabase(): Promise<AppDatabase> {
  globalForDatabase.__appDatabase ??= openAppDatabase(databaseTarget()).catch((error: unknown) => {
    // A failed open is retried by the next caller instead of being cached forever.
    globalForDatabase.__appDatabase = undefined;
    throw error;
  });
  return globalForDatabase.__appDatabase;
}
