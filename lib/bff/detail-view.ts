import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { withDirectoryNames } from "@/lib/directory/names";
import { isMigrationId } from "@/lib/migrations/migration-id";
import type { MigrationDetailView } from "@/lib/migrations/views";
import { findMirroredMigration, statusHistory } from "@/lib/mirror/queries";
import { readFreshness } from "@/lib/sync/freshness";
import { UpstreamError } from "@/lib/upstream/errors";
import { BffError } from "./bff-error";

function notFound(): BffError {
  return new BffError(404, "not_found", "No migration with this id.");
}

export interface DetailSources {
  db: Kysely<AppSchema>;
  /** Reads a migration the mirror does not have yet from the upstream and stores it (coalesced). */
  readThrough: (id: string) => Promise<unknown>;
}

/**
 * One migration with its observed history, from the mirror. An id the mirror has not seen yet (a
 * deep link to a migration created seconds ago) is read through from the upstream once and stored.
 * A non-UUID id is refused before anything else.
 */
export async function migrationDetailView(
  sources: DetailSources,
  id: string,
  nowMs = Date.now(),
): Promise<MigrationDetailView> {
  if (!isMigrationId(id))
    throw new BffError(400, "invalid_parameter", "id must be a migration id (a UUID).", { param: "id" });
  const { db } = sources;
  let mirrored = await findMirroredMigration(db, id);
  if (!mirrored) {
    try {
      await sources.readThrough(id);
    } catch (error) {
      // The same error as for an id the read-through could not store: one answer for "no such migration".
      if (error instanceof UpstreamError && error.kind === "not_found") throw notFound();
      throw error;
    }
    mirrored = await findMirroredMigration(db, id);
    if (!mirrored) throw notFound();
  }
  const [history, freshness, [named]] = await Promise.all([
    statusHistory(db, id),
    readFreshness(db, nowMs),
    withDirectoryNames(db, [mirrored.migration]),
  ]);
  return {
    data: named ?? mirrored.migration,
    as_of: new Date(mirrored.lastSeenMs).toISOString(),
    freshness,
    history: history.map((change) => ({
      from: change.from,
      to: change.to,
      observed_at: new Date(change.observedMs).toISOString(),
      source: change.source,
      ...(change.errorMessage !== undefined ? { error_message: change.errorMessage } : {}),
    })),
    status_since: mirrored.statusSinceMs !== undefined ? new Date(mirrored.statusSinceMs).toISOString() : null,
    first_seen_at: new Date(mirrored.firstSeenMs).toISOString(),
    error_message: mirrored.errorMessage ?? null,
  };
}
