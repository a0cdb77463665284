import "server-only";
import type { Kysely, Transaction } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import type { DirectoryEntry, DirectoryKind } from "./entries";

/** Directory entries of one kind, by id order: all of them, or those with the given ids. */
export async function readEntries<K extends DirectoryKind>(
  db: Kysely<AppSchema> | Transaction<AppSchema>,
  kind: K,
  options: { ids?: readonly string[] } = {},
): Promise<Array<DirectoryEntry<K>>> {
  if (options.ids?.length === 0) return [];
  if (kind === "companies") {
    let query = db.selectFrom("directory_companies").select(["company_id", "name", "owner", "notes"]);
    if (options.ids) query = query.where("company_id", "in", [...options.ids]);
    return (await query.orderBy("company_id").execute()) as Array<DirectoryEntry<K>>;
  }
  let query = db.selectFrom("directory_users").select(["user_id", "name", "email"]);
  if (options.ids) query = query.where("user_id", "in", [...options.ids]);
  return (await query.orderBy("user_id").execute()) as Array<DirectoryEntry<K>>;
}

/** Whether the directory holds anything at all (the demo names are only seeded into an empty one). */
export async function isDirectoryEmpty(db: Kysely<AppSchema>): Promise<boolean> {
  const [company, user] = await Promise.all([
    db.selectFrom("directory_companies").select("company_id").limit(1).executeTakeFirst(),
    db.selectFrom("directory_users").select("user_id").limit(1).executeTakeFirst(),
  ]);
  return company === undefined && user === undefined;
}
