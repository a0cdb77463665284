import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";

/**
 * The sequence number of the latest write that changed what the mirror lists (a row inserted,
 * removed, or changed in a listed field: see MirrorTouchTable); 0 before the first. It only grows
 * while writes keep coming, so "a different number" means "something changed since".
 */
export async function mirrorVersion(db: Kysely<AppSchema>): Promise<number> {
  const row = await db
    .selectFrom("mirror_touches")
    .select((eb) => eb.fn.max<number | null>("seq").as("seq"))
    .executeTakeFirst();
  return Number(row?.seq ?? 0);
}
