import "server-only";
import type { Kysely } from "kysely";
import { appDatabase } from "@/lib/db/connection";
import type { AppSchema } from "@/lib/db/schema";

export type AuthDatabase = Kysely<AppSchema>;

/**
 * The given database, or the process's app database. Resolved on each call rather than at import:
 * `next build` loads these modules and must never open (or create) a database.
 */
export async function resolveAuthDatabase(db?: AuthDatabase): Promise<AuthDatabase> {
  return db ?? (await appDatabase()).db;
}

/** Expired rows deleted per write at most: a write costs little however much has piled up. */
export const PRUNE_BATCH = 100;
