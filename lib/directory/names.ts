import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import type { Migration } from "@/lib/migrations/migration";

export interface DirectoryNames {
  companies: ReadonlyMap<string, string>;
  users: ReadonlyMap<string, string>;
}

/** The names the directory holds for these ids (ids it does not know are simply absent). */
export async function directoryNames(
  db: Kysely<AppSchema>,
  ids: { companyIds: Iterable<string>; userIds: Iterable<string> },
): Promise<DirectoryNames> {
  const companyIds = [...new Set(ids.companyIds)];
  const userIds = [...new Set(ids.userIds)];
  const [companies, users] = await Promise.all([
    companyIds.length === 0
      ? []
      : db
          .selectFrom("directory_companies")
          .select(["company_id", "name"])
          .where("company_id", "in", companyIds)
          .execute(),
    userIds.length === 0
      ? []
      : db.selectFrom("directory_users").select(["user_id", "name"]).where("user_id", "in", userIds).execute(),
  ]);
  return {
    companies: new Map(companies.map((row) => [row.company_id, row.name])),
    users: new Map(users.map((row) => [row.user_id, row.name])),
  };
}

/**
 * The migrations with their company's and user's names (null when the directory has none). A page
 * is at most 100 rows: two primary-key lookups, and the list's indexed queries and deep-page
 * anchors stay exactly as they are.
 */
export async function withDirectoryNames(db: Kysely<AppSchema>, migrations: Migration[]): Promise<Migration[]> {
  if (migrations.length === 0) return migrations;
  const names = await directoryNames(db, {
    companyIds: migrations.flatMap((migration) => (migration.companyId === null ? [] : [migration.companyId])),
    userIds: migrations.map((migration) => migration.createdByUserId),
  });
  return migrations.map((migration) => ({
    ...migration,
    companyName: migration.companyId === null ? null : (names.companies.get(migration.companyId) ?? null),
    createdByUserName: names.users.get(migration.createdByUserId) ?? null,
  }));
}
