import Database from "better-sqlite3";
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { freshDatabaseTarget, skipUnlessAvailable, TEST_ENGINES } from "@/lib/testing/app-database";
import { freePort } from "@/scripts/postgres-cluster.mjs";
import { type AppDatabase, openAppDatabase } from "./connection";
import type { AppDialect } from "./dialect";
import type { AppSchema } from "./schema";
import { schemaMigrationNames, schemaMigrationProvider } from "./schema-migrations";

/** The schema as designed, written out by hand: what both engines must end up with. */
const EXPECTED_COLUMNS: Record<string, Record<string, { nullable: boolean }>> = {
  mirror_migrations: {
    id: { nullable: false },
    object: { nullable: false },
    created_raw: { nullable: false },
    status: { nullable: false },
    created_by_user_id: { nullable: false },
    company_id: { nullable: true },
    created_us: { nullable: false },
    first_seen_ms: { nullable: false },
    last_seen_ms: { nullable: false },
    status_since_ms: { nullable: true },
    walk_generation: { nullable: false },
    first_seen_source: { nullable: true },
    error_message: { nullable: true },
  },
  mirror_status_changes: {
    id: { nullable: false },
    migration_id: { nullable: false },
    from_status: { nullable: true },
    to_status: { nullable: true },
    observed_ms: { nullable: false },
    source: { nullable: false },
    error_message: { nullable: true },
  },
  mirror_status_counts: { status: { nullable: false }, count: { nullable: false } },
  mirror_owner_status_counts: {
    owner_kind: { nullable: false },
    owner_id: { nullable: false },
    status: { nullable: false },
    count: { nullable: false },
  },
  mirror_touches: { seq: { nullable: false }, min_created_us: { nullable: false }, at_ms: { nullable: false } },
  sync_state: { key: { nullable: false }, value: { nullable: false }, updated_ms: { nullable: false } },
  leases: { name: { nullable: false }, holder: { nullable: false }, expires_ms: { nullable: false } },
  revoked_sessions: { session_id: { nullable: false }, expires_ms: { nullable: false } },
  sign_in_failures: { id: { nullable: false }, throttle_key: { nullable: false }, at_ms: { nullable: false } },
  alerts: {
    id: { nullable: false },
    migration_id: { nullable: false },
    rule: { nullable: false },
    status: { nullable: false },
    company_id: { nullable: true },
    created_by_user_id: { nullable: false },
    since_ms: { nullable: false },
    since_kind: { nullable: false },
    fired_ms: { nullable: false },
    reason: { nullable: true },
  },
  alert_deliveries: {
    id: { nullable: false },
    alert_id: { nullable: false },
    target: { nullable: false },
    state: { nullable: false },
    attempts: { nullable: false },
    next_attempt_ms: { nullable: true },
    last_attempt_ms: { nullable: true },
    delivered_ms: { nullable: true },
    last_error: { nullable: true },
    batch_size: { nullable: true },
  },
  webhook_events: {
    event_id: { nullable: false },
    type: { nullable: false },
    migration_id: { nullable: false },
    error_message: { nullable: true },
    event_ms: { nullable: false },
    received_ms: { nullable: false },
    attempts: { nullable: false },
    next_attempt_ms: { nullable: true },
    processed_ms: { nullable: true },
    outcome: { nullable: true },
  },
  directory_companies: {
    company_id: { nullable: false },
    name: { nullable: false },
    owner: { nullable: true },
    notes: { nullable: true },
    updated_ms: { nullable: false },
  },
  directory_users: {
    user_id: { nullable: false },
    name: { nullable: false },
    email: { nullable: true },
    updated_ms: { nullable: false },
  },
  saved_views: {
    id: { nullable: false },
    owner: { nullable: false },
    name: { nullable: false },
    query: { nullable: false },
    created_ms: { nullable: false },
  },
};

/**
 * SQLite reports primary keys not declared NOT NULL as nullable: an integer one is the rowid (a NULL
 * becomes the next id), a text one would accept NULL (an old SQLite quirk; nothing here writes one).
 */
const SQLITE_PRIMARY_KEYS = new Set([
  "mirror_status_changes.id",
  "alerts.id",
  "alert_deliveries.id",
  "sign_in_failures.id",
  "mirror_touches.seq",
  "mirror_migrations.id",
  "mirror_status_counts.status",
  "sync_state.key",
  "leases.name",
  "revoked_sessions.session_id",
  "webhook_events.event_id",
  "directory_companies.company_id",
  "directory_users.user_id",
  "saved_views.id",
]);

const EXPECTED_INDEXES: Record<string, string> = {
  "mirror_migrations.mirror_migrations_created": "created_us,id",
  "mirror_migrations.mirror_migrations_status": "status,created_us,id",
  "mirror_migrations.mirror_migrations_company": "company_id,created_us,id",
  "mirror_migrations.mirror_migrations_user": "created_by_user_id,created_us,id",
  "mirror_migrations.mirror_migrations_walk": "walk_generation",
  "mirror_status_changes.mirror_status_changes_migration": "migration_id,id",
  "revoked_sessions.revoked_sessions_expires": "expires_ms",
  "sign_in_failures.sign_in_failures_key": "throttle_key,at_ms",
  "sign_in_failures.sign_in_failures_at": "at_ms",
  "mirror_migrations.mirror_migrations_status_since": "status_since_ms",
  "mirror_migrations.mirror_migrations_first_seen": "first_seen_ms",
  "alerts.alerts_migration_rule": "migration_id,rule",
  "alerts.alerts_fired": "fired_ms",
  "alert_deliveries.alert_deliveries_alert_target": "alert_id,target",
  "alert_deliveries.alert_deliveries_due": "next_attempt_ms",
  "webhook_events.webhook_events_due": "next_attempt_ms",
  "webhook_events.webhook_events_received": "received_ms",
  "directory_companies.directory_companies_name": "name,company_id",
  "directory_users.directory_users_name": "name,user_id",
  "saved_views.saved_views_owner_name": "owner,name",
  "mirror_migrations.mirror_migrations_created_status_company": "created_us,status,company_id",
  "mirror_migrations.mirror_migrations_company_status_since": "company_id,status_since_ms",
  "mirror_status_changes.mirror_status_changes_observed": "observed_ms",
};

/** Secondary indexes as `table.index` → comma-separated columns, read from the engine's own catalog. */
async function readIndexes(app: AppDatabase): Promise<Record<string, string>> {
  const query =
    app.dialect === "sqlite"
      ? sql<{ table_name: string; index_name: string; columns: string }>`
          select m.tbl_name as table_name, m.name as index_name,
            (select group_concat(name, ',') from (select name from pragma_index_info(m.name) order by seqno)) as columns
          from sqlite_master m
          where m.type = 'index' and m.sql is not null and m.tbl_name not like 'kysely_%'`
      : sql<{ table_name: string; index_name: string; columns: string }>`
          select t.relname as table_name, c.relname as index_name,
            string_agg(a.attname::text, ',' order by k.ord) as columns
          from pg_index i
          join pg_class c on c.oid = i.indexrelid
          join pg_class t on t.oid = i.indrelid
          join pg_namespace n on n.oid = t.relnamespace
          cross join lateral unnest(i.indkey) with ordinality as k(attnum, ord)
          join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
          where n.nspname = current_schema() and not i.indisprimary and t.relname not like 'kysely_%'
          group by t.relname, c.relname`;
  const { rows } = await query.execute(app.db);
  return Object.fromEntries(rows.map((row) => [`${row.table_name}.${row.index_name}`, row.columns]));
}

async function executedSteps(app: AppDatabase): Promise<Array<{ name: string; timestamp: string }>> {
  const { rows } = await sql<{ name: string; timestamp: string }>`
    select name, timestamp from kysely_migration order by name`.execute(app.db);
  return rows.map((row) => ({ name: row.name, timestamp: String(row.timestamp) }));
}

describe("schemaMigrationNames", () => {
  it("lists the steps once each, in the order they run, released steps first and unrenamed", () => {
    const names = schemaMigrationNames();
    expect(names.slice(0, 2)).toEqual(["0001_mirror", "0002_sessions_and_throttle"]);
    expect(new Set(names).size).toBe(names.length);
    // Numbers rise but may skip: steps are numbered when planned, and branches merge in any order.
    names.forEach((name, i) => {
      expect(name).toMatch(/^\d{4}_[a-z0-9_]+$/);
      expect(Number(name.slice(0, 4))).toBeGreaterThan(i === 0 ? 0 : Number(names[i - 1]?.slice(0, 4)));
    });
  });

  it("is the same list for both engines' providers", async () => {
    for (const dialect of TEST_ENGINES) {
      const steps = await schemaMigrationProvider(dialect).getMigrations();
      expect(Object.keys(steps).sort()).toEqual(schemaMigrationNames());
    }
  });
});

describe.each(TEST_ENGINES)("app database schema (%s)", (engine: AppDialect) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function freshTarget() {
    const fresh = await freshDatabaseTarget(engine);
    cleanups.push(fresh.dispose);
    return fresh.target;
  }

  async function open(target: Parameters<typeof openAppDatabase>[0]) {
    const app = await openAppDatabase(target);
    cleanups.push(() => app.close());
    return app;
  }

  it("creates every table with its columns and indexes on a fresh database", async (context) => {
    skipUnlessAvailable(engine, context);
    const app = await open(await freshTarget());
    const tables = await app.db.introspection.getTables();
    expect(tables.map((table) => table.name).sort()).toEqual(Object.keys(EXPECTED_COLUMNS).sort());
    for (const table of tables) {
      const expected = EXPECTED_COLUMNS[table.name] ?? {};
      expect(table.columns.map((column) => column.name).sort(), table.name).toEqual(Object.keys(expected).sort());
      for (const column of table.columns) {
        const key = `${table.name}.${column.name}`;
        if (engine === "sqlite" && SQLITE_PRIMARY_KEYS.has(key)) continue;
        expect(column.isNullable, key).toBe(expected[column.name]?.nullable);
      }
    }
    const autoIds = tables.flatMap((table) =>
      table.columns.filter((column) => column.isAutoIncrementing).map((column) => `${table.name}.${column.name}`),
    );
    expect(autoIds.sort()).toEqual([
      "alert_deliveries.id",
      "alerts.id",
      "mirror_status_changes.id",
      "mirror_touches.seq",
      "sign_in_failures.id",
    ]);
    expect(await readIndexes(app)).toEqual(EXPECTED_INDEXES);
    expect((await executedSteps(app)).map((step) => step.name)).toEqual(schemaMigrationNames());
  });

  it("reads 64-bit columns back as numbers", async (context) => {
    skipUnlessAvailable(engine, context);
    const app = await open(await freshTarget());
    const farFuture = Date.UTC(2200, 0, 1);
    await app.db.insertInto("leases").values({ name: "n", holder: "h", expires_ms: farFuture }).execute();
    const row = await app.db.selectFrom("leases").select("expires_ms").executeTakeFirstOrThrow();
    expect(row.expires_ms).toBe(farFuture);
    const count = await app.db
      .selectFrom("leases")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(1);
  });

  it("runs no step twice: reopening, or migrating again, changes nothing", async (context) => {
    skipUnlessAvailable(engine, context);
    const target = await freshTarget();
    const first = await openAppDatabase(target);
    const stepsBefore = await executedSteps(first);
    await first.db.insertInto("sync_state").values({ key: "k", value: "kept", updated_ms: 1 }).execute();
    await first.close();

    const again = await open(target);
    expect(await executedSteps(again)).toEqual(stepsBefore);
    const rerun = await new Migrator({ db: again.db, provider: schemaMigrationProvider(engine) }).migrateToLatest();
    expect(rerun.error).toBeUndefined();
    expect(rerun.results).toEqual([]);
    expect(await executedSteps(again)).toEqual(stepsBefore);
    expect(await again.db.selectFrom("sync_state").selectAll().execute()).toEqual([
      { key: "k", value: "kept", updated_ms: 1 },
    ]);
    expect(await readIndexes(again)).toEqual(EXPECTED_INDEXES);
  });

  it("0004 indexes only status changes (not first sightings) by time, and keeps one alert per migration and rule", async (context) => {
    skipUnlessAvailable(engine, context);
    const app = await open(await freshTarget());
    const { rows } = await (app.dialect === "sqlite"
      ? sql<{
          definition: string;
        }>`select sql as definition from sqlite_master where name = 'mirror_migrations_status_since'`
      : sql<{
          definition: string;
        }>`select indexdef as definition from pg_indexes where indexname = 'mirror_migrations_status_since'`
    ).execute(app.db);
    expect(rows[0]?.definition.toLowerCase().replace(/[()"]/g, "")).toMatch(/where status_since_ms is not null$/);

    const alert = {
      migration_id: "m-1",
      rule: "failed",
      status: "FAILED",
      company_id: null,
      created_by_user_id: "u",
      since_ms: 1,
      since_kind: "status",
      fired_ms: 2,
      reason: null,
    };
    await app.db.insertInto("alerts").values(alert).execute();
    await app.db
      .insertInto("alerts")
      .values({ ...alert, rule: "may_be_stuck" })
      .execute();
    await expect(
      app.db
        .insertInto("alerts")
        .values({ ...alert, fired_ms: 3 })
        .execute(),
    ).rejects.toThrow();
    const delivery = { alert_id: 1, target: "slack", state: "pending", attempts: 0, next_attempt_ms: 2 };
    await app.db.insertInto("alert_deliveries").values(delivery).execute();
    await expect(app.db.insertInto("alert_deliveries").values(delivery).execute()).rejects.toThrow();
  });

  it("0005 adds the webhook columns to a mirror of the previous release, keeping its rows, and one row per event id", async (context) => {
    skipUnlessAvailable(engine, context);
    const target = await freshTarget();
    const db = new Kysely<AppSchema>({
      dialect:
        target.dialect === "postgres"
          ? new PostgresDialect({ pool: new pg.Pool({ connectionString: target.url, max: 1 }) })
          : new SqliteDialect({ database: new Database(target.file) }),
    });
    const before = await new Migrator({ db, provider: schemaMigrationProvider(engine) }).migrateTo("0004_alerts");
    expect(before.error).toBeUndefined();
    await sql`insert into mirror_migrations
      (id, object, created_raw, status, created_by_user_id, company_id, created_us, first_seen_ms, last_seen_ms, walk_generation)
      values ('m-1', 'migration', '2026-01-01T00:00:00.000000', 'FAILED', 'u', null, 1, 2, 3, 0)`.execute(db);
    await sql`insert into mirror_status_changes (migration_id, from_status, to_status, observed_ms, source)
      values ('m-1', 'WORKING', 'FAILED', 3, 'sync')`.execute(db);
    await db.destroy();

    const app = await open(target);
    expect(await app.db.selectFrom("mirror_migrations").select(["id", "status", "error_message"]).execute()).toEqual([
      { id: "m-1", status: "FAILED", error_message: null },
    ]);
    expect(
      await app.db.selectFrom("mirror_status_changes").select(["to_status", "source", "error_message"]).execute(),
    ).toEqual([{ to_status: "FAILED", source: "sync", error_message: null }]);
    const event = {
      event_id: "evt_1",
      type: "migration.failed",
      migration_id: "m-1",
      error_message: "Source mailbox is over quota",
      event_ms: 10,
      received_ms: 11,
      attempts: 0,
      next_attempt_ms: 11,
    };
    await app.db.insertInto("webhook_events").values(event).execute();
    await expect(app.db.insertInto("webhook_events").values(event).execute()).rejects.toThrow();
    expect(await app.db.selectFrom("webhook_events").selectAll().execute()).toEqual([
      { ...event, processed_ms: null, outcome: null },
    ]);
  });

  it("opens a database migrated by a Migrator without a named schema (as deployed before) without re-running steps", async (context) => {
    skipUnlessAvailable(engine, context);
    const target = await freshTarget();
    const db = new Kysely<AppSchema>({
      dialect:
        target.dialect === "postgres"
          ? new PostgresDialect({ pool: new pg.Pool({ connectionString: target.url, max: 1 }) })
          : new SqliteDialect({ database: new Database(target.file) }),
    });
    const first = await new Migrator({ db, provider: schemaMigrationProvider(engine) }).migrateToLatest();
    await db.destroy();
    expect(first.error).toBeUndefined();
    const app = await open(target);
    expect((await executedSteps(app)).map((step) => step.name)).toEqual(schemaMigrationNames());
  });

  // Schemas are PostgreSQL's: SQLite has no such case.
  const postgresOnly = engine === "postgres" ? it : undefined;

  postgresOnly?.(
    "opens a database where another schema holds Kysely's bookkeeping tables of its own",
    async (context) => {
      skipUnlessAvailable(engine, context);
      const target = await freshTarget();
      const other = new pg.Client({ connectionString: (target as { url: string }).url });
      await other.connect();
      await other.query(`
      create schema other_app;
      create table other_app.kysely_migration (name varchar(255) primary key, timestamp varchar(255) not null);
      create table other_app.kysely_migration_lock (id varchar(255) primary key, is_locked integer not null default 0);
      insert into other_app.kysely_migration values ('0001_theirs', '2020-01-01T00:00:00.000Z');
      insert into other_app.kysely_migration_lock values ('migration_lock', 0);`);
      await other.end();
      const app = await open(target);
      expect((await executedSteps(app)).map((step) => step.name)).toEqual(schemaMigrationNames());
      expect(await readIndexes(app)).toEqual(EXPECTED_INDEXES);
    },
  );

  // Two SQLite connections in one thread cannot wait for each other's lock; only separate processes
  // open one SQLite file at once (SQLite's file lock orders them: the two-instance browser test).
  postgresOnly?.("runs each step once when two instances open a fresh database at the same moment", async (context) => {
    skipUnlessAvailable(engine, context);
    const target = await freshTarget();
    const [a, b] = await Promise.all([open(target), open(target)]);
    expect((await executedSteps(a)).map((step) => step.name)).toEqual(schemaMigrationNames());
    expect((await b.db.introspection.getTables()).length).toBe(Object.keys(EXPECTED_COLUMNS).length);
  });

  it("fails to open with a clear error that does not repeat the password", async (context) => {
    skipUnlessAvailable(engine, context);
    if (engine === "sqlite") {
      const error = await openAppDatabase({ dialect: "sqlite", file: "/nonexistent-dir/app.sqlite" }).catch(
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(Error);
      return;
    }
    const port = await freePort();
    const error = await openAppDatabase({
      dialect: "postgres",
      url: `postgres://console:hunter2-secret@127.0.0.1:${port}/console`,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/app database/);
    expect(message).not.toContain("hunter2-secret");
  });
});
