import "server-only";
import { type Kysely, PostgresIntrospector, sql, type Transaction } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import type { Migration } from "@/lib/migrations/migration";
import { type MirroredFields, sameMirroredFields, toMirroredFields } from "./mirror-row";
import { signalMirrorWrite } from "./write-signal";

/** How a change was observed; it is kept with each status change. */
export type ObservationSource = "sync" | "read-through";

/** Every way a status change enters the history: the upstream read, or a webhook it sent (record-event.ts). */
export type ChangeSource = ObservationSource | "webhook";

export interface ObservationOptions {
  source: ObservationSource;
  /**
   * When the upstream was asked. A row observed later than this by someone else (the head, a
   * re-check, a read-through) keeps that newer observation: a late answer never moves it back.
   */
  nowMs: number;
  /** Set by full walks (backfill, reconciliation): the rows they saw, so that a finished walk can tell which disappeared. */
  walkGeneration?: number;
}

export interface ObservationResult {
  inserted: number;
  changed: number;
  unchanged: number;
  /** Rows left as they were because a newer observation of them was already recorded. */
  outdated: number;
  /** Ids whose status changed (or that are new), in input order. */
  changedIds: string[];
}

type Db = Kysely<AppSchema> | Transaction<AppSchema>;

/**
 * Rows per statement. SQLite takes at most 32,766 bound values in one statement (PostgreSQL 65,535)
 * and a mirror row binds 11; and between statements the event loop gets a turn (see
 * `inSlices`), so a slice is also the longest the writer holds it: a few milliseconds.
 */
const ROWS_PER_STATEMENT = 250;

function slices<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += ROWS_PER_STATEMENT) out.push(items.slice(i, i + ROWS_PER_STATEMENT));
  return out;
}

/**
 * Runs `write` for each slice of `items`, letting the event loop run between slices. better-sqlite3
 * blocks while a statement runs; a walk batch of thousands of rows written in one go would hold up
 * everything else for a good part of a second, the request budget's timers included, so the next
 * pages would be asked for only after it (the writes adding to the walk's time instead of
 * overlapping the budget's pacing).
 */
async function inSlices<T>(items: readonly T[], write: (slice: T[]) => Promise<unknown>): Promise<void> {
  const parts = slices(items);
  for (const [i, part] of parts.entries()) {
    if (i > 0) await new Promise((resolve) => setImmediate(resolve));
    await write(part);
  }
}

/** Any fixed number: the key of the advisory lock every writer of the mirror takes on PostgreSQL. */
const MIRROR_WRITE_LOCK = 0x6d6972726f72;

/**
 * Makes concurrent writers (the sync engine, read-through in this or another instance) take turns
 * on PostgreSQL, as SQLite's single writer does. Otherwise two transactions both read a row's old
 * status and both count its change (the counts drift, the history repeats it), or both insert a
 * new row and all but one fail on the duplicate key.
 */
export async function takeTurns(db: Kysely<AppSchema>, trx: Transaction<AppSchema>): Promise<void> {
  if (db.introspection instanceof PostgresIntrospector) {
    await sql`select pg_advisory_xact_lock(${sql.lit(MIRROR_WRITE_LOCK)})`.execute(trx);
  }
}

type CountedRow = Pick<MirroredFields, "status" | "company_id" | "created_by_user_id">;

/**
 * Count changes of one transaction, for the whole mirror and per company and user, applied
 * together at its end so that counts always agree with the rows.
 */
export class CountDeltas {
  private readonly all = new Map<string, number>();
  private readonly owners = new Map<
    string,
    { kind: "company" | "user"; owner: string; status: string; delta: number }
  >();

  add(row: CountedRow, delta: number): void {
    this.all.set(row.status, (this.all.get(row.status) ?? 0) + delta);
    if (row.company_id !== null) this.addOwner("company", row.company_id, row.status, delta);
    this.addOwner("user", row.created_by_user_id, row.status, delta);
  }

  private addOwner(kind: "company" | "user", owner: string, status: string, delta: number): void {
    const key = JSON.stringify([kind, owner, status]);
    const entry = this.owners.get(key) ?? { kind, owner, status, delta: 0 };
    entry.delta += delta;
    this.owners.set(key, entry);
  }

  /** Two statements whatever the number of statuses and owners: one batched upsert per table. */
  async apply(db: Db): Promise<void> {
    const all = [...this.all].filter(([, delta]) => delta !== 0).map(([status, count]) => ({ status, count }));
    if (all.length > 0) {
      await db
        .insertInto("mirror_status_counts")
        .values(all)
        .onConflict((conflict) =>
          conflict
            .column("status")
            .doUpdateSet((eb) => ({ count: eb("mirror_status_counts.count", "+", eb.ref("excluded.count")) })),
        )
        .execute();
    }
    const owners = [...this.owners.values()]
      .filter(({ delta }) => delta !== 0)
      .map(({ kind, owner, status, delta }) => ({ owner_kind: kind, owner_id: owner, status, count: delta }));
    await inSlices(owners, (rows) =>
      db
        .insertInto("mirror_owner_status_counts")
        .values(rows)
        .onConflict((conflict) =>
          conflict
            .columns(["owner_kind", "owner_id", "status"])
            .doUpdateSet((eb) => ({ count: eb("mirror_owner_status_counts.count", "+", eb.ref("excluded.count")) })),
        )
        .execute(),
    );
  }
}

/** Touches older than this are no longer consulted: deep-page anchors are rebuilt at least this often. */
export const TOUCH_RETENTION_MS = 3_600_000;

/** Records that rows at or after `minCreatedUs` moved in list order (see MirrorTouchTable). */
export async function recordTouch(db: Db, minCreatedUs: number | undefined, nowMs: number): Promise<void> {
  if (minCreatedUs === undefined) return;
  await db.insertInto("mirror_touches").values({ min_created_us: minCreatedUs, at_ms: nowMs }).execute();
  await db
    .deleteFrom("mirror_touches")
    .where("at_ms", "<", nowMs - 2 * TOUCH_RETENTION_MS)
    .execute();
}

/**
 * Writes what the upstream just said about these migrations, in one transaction: new ones are
 * inserted, changed ones updated with their status change kept in the history, unchanged ones only
 * marked as seen. Counts per status change in the same transaction, so they always agree with the rows.
 */
export async function recordObservedMigrations(
  db: Kysely<AppSchema>,
  migrations: readonly Migration[],
  options: ObservationOptions,
): Promise<ObservationResult> {
  const incoming = new Map<string, MirroredFields>();
  for (const migration of migrations) {
    const fields = toMirroredFields(migration);
    if (!incoming.has(fields.id)) incoming.set(fields.id, fields);
  }
  const result: ObservationResult = { inserted: 0, changed: 0, unchanged: 0, outdated: 0, changedIds: [] };
  if (incoming.size === 0) return result;
  const { nowMs, source, walkGeneration } = options;

  await db.transaction().execute(async (trx) => {
    await takeTurns(db, trx);
    const selectKnown = (ids: string[]) =>
      trx
        .selectFrom("mirror_migrations")
        .select(["id", "created_raw", "created_us", "status", "created_by_user_id", "company_id", "last_seen_ms"])
        .where("id", "in", ids)
        .execute();
    const known = new Map<string, Awaited<ReturnType<typeof selectKnown>>[number]>();
    await inSlices([...incoming.keys()], async (ids) => {
      for (const row of await selectKnown(ids)) known.set(row.id, row);
    });
    // New rows' first sighting is implied by first_seen_ms (no history row: on a first walk that row
    // was half the writes), except for an id that has history already (it disappeared and came
    // back): its return is written out, after the history it has.
    const returning = new Set<string>();
    await inSlices(
      [...incoming.keys()].filter((id) => !known.has(id)),
      async (ids) => {
        const rows = await trx
          .selectFrom("mirror_status_changes")
          .select("migration_id")
          .distinct()
          .where("migration_id", "in", ids)
          .execute();
        for (const row of rows) returning.add(row.migration_id);
      },
    );
    const deltas = new CountDeltas();
    let minTouchedUs: number | undefined;
    const touch = (createdUs: number) => {
      if (minTouchedUs === undefined || createdUs < minTouchedUs) minTouchedUs = createdUs;
    };
    const history: Array<{
      migration_id: string;
      from_status: string | null;
      to_status: string;
      observed_ms: number;
      source: string;
    }> = [];
    const inserts: AppSchema["mirror_migrations"][] = [];
    const seenUnchanged: string[] = [];
    const seenOutdated: string[] = [];

    for (const fields of incoming.values()) {
      const before = known.get(fields.id);
      if (!before) {
        const returns = returning.has(fields.id);
        inserts.push({
          ...fields,
          object: "migration",
          first_seen_ms: nowMs,
          last_seen_ms: nowMs,
          status_since_ms: null,
          walk_generation: walkGeneration ?? 0,
          first_seen_source: returns ? null : source,
          // The Migrations API's resource has no reason; only a webhook brings one (record-event.ts).
          error_message: null,
        });
        if (returns) {
          history.push({
            migration_id: fields.id,
            from_status: null,
            to_status: fields.status,
            observed_ms: nowMs,
            source,
          });
        }
        deltas.add(fields, 1);
        touch(fields.created_us);
        result.inserted++;
        result.changedIds.push(fields.id);
        continue;
      }
      if (Number(before.last_seen_ms) > nowMs) {
        seenOutdated.push(fields.id);
        result.outdated++;
        continue;
      }
      if (sameMirroredFields(before, fields)) {
        seenUnchanged.push(fields.id);
        result.unchanged++;
        continue;
      }
      const statusChanged = before.status !== fields.status;
      touch(Math.min(Number(before.created_us), fields.created_us));
      deltas.add(before, -1);
      deltas.add(fields, 1);
      await trx
        .updateTable("mirror_migrations")
        .set({
          ...fields,
          last_seen_ms: nowMs,
          ...(statusChanged ? { status_since_ms: nowMs } : {}),
          // Not the larger of old and new: after a lost sync state walks count from 1 again, and a
          // row keeping a higher generation would escape the next walks' check for vanished rows.
          ...(walkGeneration !== undefined ? { walk_generation: walkGeneration } : {}),
        })
        .where("id", "=", fields.id)
        .execute();
      if (statusChanged) {
        history.push({
          migration_id: fields.id,
          from_status: before.status,
          to_status: fields.status,
          observed_ms: nowMs,
          source,
        });
        result.changedIds.push(fields.id);
      }
      result.changed++;
    }

    await inSlices(inserts, (rows) => trx.insertInto("mirror_migrations").values(rows).execute());
    await inSlices(seenUnchanged, (ids) => {
      let update = trx.updateTable("mirror_migrations").set({ last_seen_ms: nowMs });
      if (walkGeneration !== undefined) update = update.set({ walk_generation: walkGeneration });
      return update.where("id", "in", ids).execute();
    });
    // Still seen by this walk (it must not count as vanished), though what it said is out of date.
    if (walkGeneration !== undefined) {
      await inSlices(seenOutdated, (ids) =>
        trx.updateTable("mirror_migrations").set({ walk_generation: walkGeneration }).where("id", "in", ids).execute(),
      );
    }
    await inSlices(history, (rows) => trx.insertInto("mirror_status_changes").values(rows).execute());
    await deltas.apply(trx);
    await recordTouch(trx, minTouchedUs, nowMs);
  });
  if (result.inserted + result.changed > 0) signalMirrorWrite();
  return result;
}

/**
 * Takes migrations the upstream no longer has out of the mirror; their history stays, ending in a
 * change to nothing (`to_status` null).
 */
export async function recordRemovedMigrations(
  db: Kysely<AppSchema>,
  ids: readonly string[],
  options: { source: ObservationSource; nowMs: number },
): Promise<number> {
  if (ids.length === 0) return 0;
  // Stored ids are lower case (see toMirroredFields), and every other lookup by id lowers it too.
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
  const removed = await db.transaction().execute(async (trx) => {
    await takeTurns(db, trx);
    const rows = await trx
      .selectFrom("mirror_migrations")
      .select(["id", "status", "company_id", "created_by_user_id", "created_us", "first_seen_ms", "first_seen_source"])
      .where("id", "in", wanted)
      .execute();
    if (rows.length === 0) return 0;
    // An implied first sighting lives in the row being deleted: it is written out first, so the
    // history keeps its beginning.
    const firstSightings = [];
    for (const row of rows) {
      if (row.first_seen_source === null) continue;
      const earliest = await trx
        .selectFrom("mirror_status_changes")
        .select("from_status")
        .where("migration_id", "=", row.id)
        .orderBy("observed_ms")
        .orderBy("id")
        .limit(1)
        .executeTakeFirst();
      firstSightings.push({
        migration_id: row.id,
        from_status: null,
        to_status: earliest ? earliest.from_status : row.status,
        observed_ms: Number(row.first_seen_ms),
        source: row.first_seen_source,
      });
    }
    if (firstSightings.length > 0) await trx.insertInto("mirror_status_changes").values(firstSightings).execute();
    await trx
      .deleteFrom("mirror_migrations")
      .where(
        "id",
        "in",
        rows.map((row) => row.id),
      )
      .execute();
    await trx
      .insertInto("mirror_status_changes")
      .values(
        rows.map((row) => ({
          migration_id: row.id,
          from_status: row.status,
          to_status: null,
          observed_ms: options.nowMs,
          source: options.source,
        })),
      )
      .execute();
    const deltas = new CountDeltas();
    for (const row of rows) deltas.add(row, -1);
    await deltas.apply(trx);
    await recordTouch(trx, Math.min(...rows.map((row) => Number(row.created_us))), options.nowMs);
    return rows.length;
  });
  if (removed > 0) signalMirrorWrite();
  return removed;
}
