import "server-only";
import type { Kysely } from "kysely";
import type { z } from "zod";
import type { AppSchema } from "./schema";

/**
 * A JSON value kept under `key` in the `sync_state` table (the sync's state, the alerts' watch).
 * Reading gives undefined when there is none or it cannot be read: a fresh start is then safe.
 */
export async function readStoredState<T>(
  db: Kysely<AppSchema>,
  key: string,
  schema: z.ZodType<T>,
): Promise<T | undefined> {
  const row = await db.selectFrom("sync_state").select("value").where("key", "=", key).executeTakeFirst();
  if (!row) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export async function writeStoredState(db: Kysely<AppSchema>, key: string, state: unknown, nowMs: number) {
  const value = JSON.stringify(state);
  await db
    .insertInto("sync_state")
    .values({ key, value, updated_ms: nowMs })
    .onConflict((conflict) => conflict.column("key").doUpdateSet({ value, updated_ms: nowMs }))
    .execute();
}
