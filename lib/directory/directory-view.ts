import "server-only";
import { type Kysely, sql } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import type { CompanyEntry, UserEntry } from "./entries";

/** How many entries of each kind the page lists at once; a search narrows the rest down. */
export const DIRECTORY_PAGE_LIMIT = 200;

export interface DirectoryPageView {
  search: string;
  companies: { entries: Array<CompanyEntry & { migrations: number }>; total: number };
  users: { entries: Array<UserEntry & { migrations: number }>; total: number };
}

function containing(search: string): string {
  return `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

async function migrationCounts(
  db: Kysely<AppSchema>,
  kind: "company" | "user",
  ids: readonly string[],
): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom("mirror_owner_status_counts")
    .select((eb) => ["owner_id", eb.fn.sum<number>("count").as("count")])
    .where("owner_kind", "=", kind)
    .where("owner_id", "in", [...ids])
    .groupBy("owner_id")
    .execute();
  return new Map(rows.map((row) => [row.owner_id, Number(row.count)]));
}

/** The directory page: entries by name (those whose name or id contains `search`), with their migrations. */
export async function directoryPageView(db: Kysely<AppSchema>, search = ""): Promise<DirectoryPageView> {
  const pattern = search ? containing(search) : undefined;
  const matches = (column: string) =>
    sql<boolean>`(lower(name) like ${pattern} escape '\\' or lower(${sql.ref(column)}) like ${pattern} escape '\\')`;

  let companies = db.selectFrom("directory_companies");
  let users = db.selectFrom("directory_users");
  if (pattern) {
    companies = companies.where(matches("company_id"));
    users = users.where(matches("user_id"));
  }
  const [companyRows, companyTotal, userRows, userTotal] = await Promise.all([
    companies
      .select(["company_id", "name", "owner", "notes"])
      .orderBy("name")
      .orderBy("company_id")
      .limit(DIRECTORY_PAGE_LIMIT)
      .execute(),
    companies.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst(),
    users.select(["user_id", "name", "email"]).orderBy("name").orderBy("user_id").limit(DIRECTORY_PAGE_LIMIT).execute(),
    users.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirst(),
  ]);
  const [companyCounts, userCounts] = await Promise.all([
    migrationCounts(
      db,
      "company",
      companyRows.map((row) => row.company_id),
    ),
    migrationCounts(
      db,
      "user",
      userRows.map((row) => row.user_id),
    ),
  ]);
  return {
    search,
    companies: {
      entries: companyRows.map((row) => ({ ...row, migrations: companyCounts.get(row.company_id) ?? 0 })),
      total: Number(companyTotal?.n ?? 0),
    },
    users: {
      entries: userRows.map((row) => ({ ...row, migrations: userCounts.get(row.user_id) ?? 0 })),
      total: Number(userTotal?.n ?? 0),
    },
  };
}
