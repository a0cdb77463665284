import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";

/**
 * Leader election through the app database, the same on SQLite and PostgreSQL: the instance holding
 * an unexpired lease does the work; it renews well before expiry, and when it dies another instance
 * takes the lease once it expires. One conditional UPDATE decides, so two instances can never both
 * hold it.
 */
export async function tryHoldLease(
  db: Kysely<AppSchema>,
  name: string,
  holder: string,
  leaseMs: number,
  nowMs: number,
): Promise<boolean> {
  await db
    .insertInto("leases")
    .values({ name, holder: "", expires_ms: 0 })
    .onConflict((conflict) => conflict.column("name").doNothing())
    .execute();
  const result = await db
    .updateTable("leases")
    .set({ holder, expires_ms: nowMs + leaseMs })
    .where("name", "=", name)
    .where((eb) => eb.or([eb("holder", "=", holder), eb("expires_ms", "<", nowMs)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Gives the lease up at once (on shutdown), so another instance need not wait for it to expire. */
export async function releaseLease(db: Kysely<AppSchema>, name: string, holder: string): Promise<void> {
  await db.updateTable("leases").set({ expires_ms: 0 }).where("name", "=", name).where("holder", "=", holder).execute();
}

export async function leaseHolder(
  db: Kysely<AppSchema>,
  name: string,
  nowMs: number,
): Promise<{ holder: string; expiresMs: number } | undefined> {
  const row = await db
    .selectFrom("leases")
    .select(["holder", "expires_ms"])
    .where("name", "=", name)
    .executeTakeFirst();
  if (!row || Number(row.expires_ms) < nowMs || !row.holder) return undefined;
  return { holder: row.holder, expiresMs: Number(row.expires_ms) };
}
