import "server-only";
import type { Kysely } from "kysely";
import { readEnv } from "@/lib/config/env";
import type { AppSchema } from "@/lib/db/schema";
import { authenticateApiKey } from "@/lib/embedded-api/api-keys";
import type { EmbeddedDatabase } from "@/lib/embedded-api/database";
import { readDemoApiKey } from "@/lib/embedded-api/demo-key";
import { demoCompanyEntries, demoUserEntries } from "./demo-names";
import { importEntries } from "./import-entries";
import { isDirectoryEmpty } from "./read-entries";

/**
 * Names for the embedded demo's companies and users, written once into an empty directory so that
 * `npm start` on a fresh clone shows names. Only in embedded mode (the caller checks), only the ids
 * of the organization this app reads (MIGRATIONS_API_KEY's, else the demo key's), and never over
 * anything a person entered: a directory with any entry is left alone.
 */
export async function seedDemoDirectory(
  db: Kysely<AppSchema>,
  embedded: EmbeddedDatabase,
  apiKey = readEnv("MIGRATIONS_API_KEY") ?? readDemoApiKey(),
): Promise<{ companies: number; users: number } | undefined> {
  if (!apiKey || !(await isDirectoryEmpty(db))) return undefined;
  const organization = authenticateApiKey(embedded, apiKey);
  if (!organization) return undefined;
  const companyIds = (
    embedded
      .prepare("SELECT DISTINCT company_id AS id FROM migrations WHERE organization_id = ? AND company_id IS NOT NULL")
      .all(organization.id) as Array<{ id: string }>
  ).map((row) => row.id);
  const userIds = (
    embedded
      .prepare("SELECT DISTINCT created_by_user_id AS id FROM migrations WHERE organization_id = ?")
      .all(organization.id) as Array<{ id: string }>
  ).map((row) => row.id);
  const users = demoUserEntries(userIds);
  // Account owners are people on the customer-success side: a few fixed names, not the end users.
  const companies = demoCompanyEntries(companyIds, ["Marta Reyes", "Jonas Berg", "Aisha Bello", "Li Wei"]);
  await importEntries(db, "companies", companies);
  await importEntries(db, "users", users);
  return { companies: companies.length, users: users.length };
}

/** At server start in embedded mode: the demo's names, when the directory is still empty. Never stops the start. */
export async function startDemoDirectory(): Promise<void> {
  const { appDatabase } = await import("@/lib/db/connection");
  const { getEmbeddedDatabase } = await import("@/lib/embedded-api/database");
  const { errorFields, log } = await import("@/lib/logging/log");
  try {
    const seeded = await seedDemoDirectory((await appDatabase()).db, getEmbeddedDatabase());
    if (seeded) log("info", "directory_demo_names_seeded", seeded);
  } catch (error) {
    log("warn", "directory_demo_names_not_seeded", errorFields(error));
  }
}
