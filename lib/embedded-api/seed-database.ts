import "server-only";
import type { EmbeddedDatabase } from "./database";
import { type DemoDataOptions, generateDemoMigrations } from "./demo-data";
import { insertMigrations } from "./migrations-store";
import { ensureOrganization } from "./organizations";

/** Writes generated demo migrations into the database, creating their organizations. Returns how many. */
export function seedDatabase(db: EmbeddedDatabase, options: DemoDataOptions): number {
  const orgIds = new Map(options.organizations.map((o) => [o.name, ensureOrganization(db, o.name).id]));
  const records = generateDemoMigrations(options).map(({ organization, ...rest }) => ({
    ...rest,
    organizationId: orgIds.get(organization) as string,
  }));
  insertMigrations(db, records);
  return records.length;
}
