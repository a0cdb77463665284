import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { directoryNames } from "@/lib/directory/names";

/**
 * The one place company names come from for the insights and company pages (companies list,
 * company page, top companies by failures): the directory's, for these ids; an id it does not know
 * is absent and shows as the id.
 */
export async function companyNames(
  db: Kysely<AppSchema>,
  companyIds: readonly string[],
): Promise<ReadonlyMap<string, string>> {
  return (await directoryNames(db, { companyIds, userIds: [] })).companies;
}
