import { type Kysely, type Migration, type MigrationProvider, sql } from "kysely";
import type { AppDialect } from "./dialect";

/**
 * The app database's schema, one step per entry, for SQLite and PostgreSQL alike. Steps are never
 * edited once released: a change is a new step. Types are chosen to mean the same on both engines
 * (`bigint` is a 64-bit integer in both; the connection reads it back as a number).
 */
function steps(dialect: AppDialect): Record<string, Migration> {
  const autoId = (db: Kysely<unknown>, table: string) =>
    dialect === "postgres"
      ? db.schema.createTable(table).addColumn("id", "bigserial", (column) => column.primaryKey())
      : db.schema.createTable(table).addColumn("id", "integer", (column) => column.primaryKey().autoIncrement());

  return {
    "0001_mirror": {
      async up(db) {
        await db.schema
          .createTable("mirror_migrations")
          .addColumn("id", "text", (column) => column.primaryKey())
          .addColumn("object", "text", (column) => column.notNull())
          .addColumn("created_raw", "text", (column) => column.notNull())
          .addColumn("status", "text", (column) => column.notNull())
          .addColumn("created_by_user_id", "text", (column) => column.notNull())
          .addColumn("company_id", "text")
          .addColumn("created_us", "bigint", (column) => column.notNull())
          .addColumn("first_seen_ms", "bigint", (column) => column.notNull())
          .addColumn("last_seen_ms", "bigint", (column) => column.notNull())
          .addColumn("status_since_ms", "bigint")
          .addColumn("walk_generation", "bigint", (column) => column.notNull().defaultTo(0))
          .execute();
        // Every list view is newest first (or its reverse): each filter has an index in that order.
        const listIndexes: Array<[string, string[]]> = [
          ["mirror_migrations_created", ["created_us", "id"]],
          ["mirror_migrations_status", ["status", "created_us", "id"]],
          ["mirror_migrations_company", ["company_id", "created_us", "id"]],
          ["mirror_migrations_user", ["created_by_user_id", "created_us", "id"]],
          ["mirror_migrations_walk", ["walk_generation"]],
        ];
        for (const [name, columns] of listIndexes) {
          await db.schema.createIndex(name).on("mirror_migrations").columns(columns).execute();
        }

        await autoId(db, "mirror_status_changes")
          .addColumn("migration_id", "text", (column) => column.notNull())
          .addColumn("from_status", "text")
          .addColumn("to_status", "text")
          .addColumn("observed_ms", "bigint", (column) => column.notNull())
          .addColumn("source", "text", (column) => column.notNull())
          .execute();
        await db.schema
          .createIndex("mirror_status_changes_migration")
          .on("mirror_status_changes")
          .columns(["migration_id", "id"])
          .execute();

        await db.schema
          .createTable("mirror_status_counts")
          .addColumn("status", "text", (column) => column.primaryKey())
          .addColumn("count", "bigint", (column) => column.notNull())
          .execute();

        await db.schema
          .createTable("mirror_owner_status_counts")
          .addColumn("owner_kind", "text", (column) => column.notNull())
          .addColumn("owner_id", "text", (column) => column.notNull())
          .addColumn("status", "text", (column) => column.notNull())
          .addColumn("count", "bigint", (column) => column.notNull())
          .addPrimaryKeyConstraint("mirror_owner_status_counts_pk", ["owner_kind", "owner_id", "status"])
          .execute();

        await (dialect === "postgres"
          ? db.schema.createTable("mirror_touches").addColumn("seq", "bigserial", (column) => column.primaryKey())
          : db.schema
              .createTable("mirror_touches")
              .addColumn("seq", "integer", (column) => column.primaryKey().autoIncrement())
        )
          .addColumn("min_created_us", "bigint", (column) => column.notNull())
          .addColumn("at_ms", "bigint", (column) => column.notNull())
          .execute();

        await db.schema
          .createTable("sync_state")
          .addColumn("key", "text", (column) => column.primaryKey())
          .addColumn("value", "text", (column) => column.notNull())
          .addColumn("updated_ms", "bigint", (column) => column.notNull())
          .execute();

        await db.schema
          .createTable("leases")
          .addColumn("name", "text", (column) => column.primaryKey())
          .addColumn("holder", "text", (column) => column.notNull())
          .addColumn("expires_ms", "bigint", (column) => column.notNull())
          .execute();
      },
    },
    "0002_sessions_and_throttle": {
      async up(db) {
        await db.schema
          .createTable("revoked_sessions")
          .addColumn("session_id", "text", (column) => column.primaryKey())
          .addColumn("expires_ms", "bigint", (column) => column.notNull())
          .execute();
        await db.schema.createIndex("revoked_sessions_expires").on("revoked_sessions").column("expires_ms").execute();
        await autoId(db, "sign_in_failures")
          .addColumn("throttle_key", "text", (column) => column.notNull())
          .addColumn("at_ms", "bigint", (column) => column.notNull())
          .execute();
        await db.schema
          .createIndex("sign_in_failures_key")
          .on("sign_in_failures")
          .columns(["throttle_key", "at_ms"])
          .execute();
        await db.schema.createIndex("sign_in_failures_at").on("sign_in_failures").column("at_ms").execute();
      },
    },
    "0003_implied_first_sight": {
      async up(db) {
        // Rows mirrored before this step keep their first sighting as a history row (the column stays null).
        await db.schema.alterTable("mirror_migrations").addColumn("first_seen_source", "text").execute();
      },
    },
    "0004_alerts": {
      async up(db) {
        // Alerts look only at what changed since their last look (see lib/alerts/rules.ts): a status
        // change by when it was observed (rows that never changed status stay out of this index, so
        // a first full read does not write to it), a first sighting by when it happened.
        await db.schema
          .createIndex("mirror_migrations_status_since")
          .on("mirror_migrations")
          .column("status_since_ms")
          .where(sql.ref("status_since_ms"), "is not", null)
          .execute();
        await db.schema
          .createIndex("mirror_migrations_first_seen")
          .on("mirror_migrations")
          .column("first_seen_ms")
          .execute();

        await autoId(db, "alerts")
          .addColumn("migration_id", "text", (column) => column.notNull())
          .addColumn("rule", "text", (column) => column.notNull())
          .addColumn("status", "text", (column) => column.notNull())
          .addColumn("company_id", "text")
          .addColumn("created_by_user_id", "text", (column) => column.notNull())
          .addColumn("since_ms", "bigint", (column) => column.notNull())
          .addColumn("since_kind", "text", (column) => column.notNull())
          .addColumn("fired_ms", "bigint", (column) => column.notNull())
          .addColumn("reason", "text")
          .execute();
        // Once per migration and rule, whichever instance evaluates and however often.
        await db.schema
          .createIndex("alerts_migration_rule")
          .on("alerts")
          .columns(["migration_id", "rule"])
          .unique()
          .execute();
        await db.schema.createIndex("alerts_fired").on("alerts").column("fired_ms").execute();

        await autoId(db, "alert_deliveries")
          .addColumn("alert_id", "bigint", (column) => column.notNull())
          .addColumn("target", "text", (column) => column.notNull())
          .addColumn("state", "text", (column) => column.notNull())
          .addColumn("attempts", "integer", (column) => column.notNull().defaultTo(0))
          .addColumn("next_attempt_ms", "bigint")
          .addColumn("last_attempt_ms", "bigint")
          .addColumn("delivered_ms", "bigint")
          .addColumn("last_error", "text")
          .addColumn("batch_size", "integer")
          .execute();
        await db.schema
          .createIndex("alert_deliveries_alert_target")
          .on("alert_deliveries")
          .columns(["alert_id", "target"])
          .unique()
          .execute();
        // The deliveries still to send, due first (null once delivered or given up).
        await db.schema.createIndex("alert_deliveries_due").on("alert_deliveries").column("next_attempt_ms").execute();
      },
    },
    "0005_webhook_events": {
      async up(db) {
        await db.schema.alterTable("mirror_migrations").addColumn("error_message", "text").execute();
        await db.schema.alterTable("mirror_status_changes").addColumn("error_message", "text").execute();
        await db.schema
          .createTable("webhook_events")
          .addColumn("event_id", "text", (column) => column.primaryKey())
          .addColumn("type", "text", (column) => column.notNull())
          .addColumn("migration_id", "text", (column) => column.notNull())
          .addColumn("error_message", "text")
          .addColumn("event_ms", "bigint", (column) => column.notNull())
          .addColumn("received_ms", "bigint", (column) => column.notNull())
          .addColumn("attempts", "integer", (column) => column.notNull().defaultTo(0))
          .addColumn("next_attempt_ms", "bigint")
          .addColumn("processed_ms", "bigint")
          .addColumn("outcome", "text")
          .execute();
        // The events still to apply, due first; and the old ones to prune.
        await db.schema.createIndex("webhook_events_due").on("webhook_events").column("next_attempt_ms").execute();
        await db.schema.createIndex("webhook_events_received").on("webhook_events").column("received_ms").execute();
      },
    },
    "0006_directory": {
      async up(db) {
        // Names for the upstream's ids, kept by people (import, the directory page): the Migrations
        // API itself only has ids. Other views LEFT JOIN these on the id.
        await db.schema
          .createTable("directory_companies")
          .addColumn("company_id", "text", (column) => column.primaryKey())
          .addColumn("name", "text", (column) => column.notNull())
          .addColumn("owner", "text")
          .addColumn("notes", "text")
          .addColumn("updated_ms", "bigint", (column) => column.notNull())
          .execute();
        await db.schema
          .createTable("directory_users")
          .addColumn("user_id", "text", (column) => column.primaryKey())
          .addColumn("name", "text", (column) => column.notNull())
          .addColumn("email", "text")
          .addColumn("updated_ms", "bigint", (column) => column.notNull())
          .execute();
        // The list sorted by company name reads the names in order; the suggestions look names up by prefix.
        await db.schema
          .createIndex("directory_companies_name")
          .on("directory_companies")
          .columns(["name", "company_id"])
          .execute();
        await db.schema
          .createIndex("directory_users_name")
          .on("directory_users")
          .columns(["name", "user_id"])
          .execute();
      },
    },
    "0007_saved_views": {
      async up(db) {
        await db.schema
          .createTable("saved_views")
          .addColumn("id", "text", (column) => column.primaryKey())
          .addColumn("owner", "text", (column) => column.notNull())
          .addColumn("name", "text", (column) => column.notNull())
          .addColumn("query", "text", (column) => column.notNull())
          .addColumn("created_ms", "bigint", (column) => column.notNull())
          .execute();
        // One name per user: saving under a taken name replaces that view.
        await db.schema
          .createIndex("saved_views_owner_name")
          .on("saved_views")
          .columns(["owner", "name"])
          .unique()
          .execute();
      },
    },
    "0008_insights_indexes": {
      async up(db) {
        // The insights group the migrations created in a range by day, status and company: with these
        // three columns in one index, that is a read of the index alone, never of the rows.
        await db.schema
          .createIndex("mirror_migrations_created_status_company")
          .on("mirror_migrations")
          .columns(["created_us", "status", "company_id"])
          .execute();
        // A company's last activity includes its latest status change: one index read per company.
        await db.schema
          .createIndex("mirror_migrations_company_status_since")
          .on("mirror_migrations")
          .columns(["company_id", "status_since_ms"])
          .execute();
        // How long statuses last is measured over the changes observed in a window.
        await db.schema
          .createIndex("mirror_status_changes_observed")
          .on("mirror_status_changes")
          .column("observed_ms")
          .execute();
      },
    },
  };
}

/** Kysely's Migrator reads the steps from here, in name order. */
export function schemaMigrationProvider(dialect: AppDialect): MigrationProvider {
  return { getMigrations: async () => steps(dialect) };
}

/** For tests: the names of all steps, in order. */
export function schemaMigrationNames(): string[] {
  return Object.keys(steps("sqlite")).sort();
}
