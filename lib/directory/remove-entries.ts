import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import type { DirectoryKind } from "./entries";

/** Forgets these ids' names (their migrations then show the bare id again). Returns how many were there. */
export async function removeEntries(
  db: Kysely<AppSchema>,
  kind: DirectoryKind,
  ids: readonly string[],
): Promise<number> {
  if (ids.length === 0) return 0;
  const result =
    kind === "companies"
      ? await db
          .deleteFrom("directory_companies")
          .where("company_id", "in", [...ids])
          .executeTakeFirst()
      : await db
          .deleteFrom("directory_users")
          .where("user_id", "in", [...ids])
          .executeTakeFirst();
  return Number(result.numDeletedRows);
}
