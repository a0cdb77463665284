import "server-only";
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { MAX_VIEWS_PER_USER, type SavedView } from "./saved-view";

export type SaveOutcome = { saved: SavedView; replaced: boolean } | { refused: "too_many" };

/** The user's views, by name (case-insensitive, as a person scans a menu). */
export async function listSavedViews(db: Kysely<AppSchema>, owner: string): Promise<SavedView[]> {
  const rows = await db.selectFrom("saved_views").select(["id", "name", "query"]).where("owner", "=", owner).execute();
  return rows.sort(
    (a, b) => a.name.localeCompare(b.name, "en", { sensitivity: "base" }) || a.name.localeCompare(b.name),
  );
}

/**
 * Saves `query` under `name` for this user; a view of the same name is replaced (keeping its id, so
 * a link to it stays valid), which is what someone re-saving "Failed this week" means.
 */
export async function saveView(
  db: Kysely<AppSchema>,
  owner: string,
  name: string,
  query: string,
  nowMs = Date.now(),
): Promise<SaveOutcome> {
  return db.transaction().execute(async (trx): Promise<SaveOutcome> => {
    const existing = await trx
      .selectFrom("saved_views")
      .select("id")
      .where("owner", "=", owner)
      .where("name", "=", name)
      .executeTakeFirst();
    if (existing) {
      await trx.updateTable("saved_views").set({ query }).where("id", "=", existing.id).execute();
      return { saved: { id: existing.id, name, query }, replaced: true };
    }
    const count = await trx
      .selectFrom("saved_views")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("owner", "=", owner)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_VIEWS_PER_USER) return { refused: "too_many" };
    const id = randomUUID();
    await trx.insertInto("saved_views").values({ id, owner, name, query, created_ms: nowMs }).execute();
    return { saved: { id, name, query }, replaced: false };
  });
}

/** Deletes one of this user's views; false when there is none with that id (or it is someone else's). */
export async function deleteView(db: Kysely<AppSchema>, owner: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom("saved_views").where("id", "=", id).where("owner", "=", owner).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
