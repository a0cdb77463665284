import "server-only";
import { isMigrationId } from "@/lib/migrations/migration-id";
import type { MigrationDetailView } from "@/lib/migrations/views";
import { BffError } from "./bff-error";
import type { UpstreamAccess } from "./upstream-access";

/** One migration, always fresh from the upstream. A non-UUID id is refused before any upstream call. */
export async function migrationDetailView(access: UpstreamAccess, id: string): Promise<MigrationDetailView> {
  if (!isMigrationId(id))
    throw new BffError(400, "invalid_parameter", "id must be a migration id (a UUID).", { param: "id" });
  const asOf = new Date();
  const data = await access.client.getMigration(id);
  return { data, as_of: asOf.toISOString() };
}
