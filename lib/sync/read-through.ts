import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import type { Migration } from "@/lib/migrations/migration";
import { mirrorRejection } from "@/lib/mirror/admission";
import { recordObservedMigrations } from "@/lib/mirror/record-observations";
import type { UpstreamClient } from "@/lib/upstream/client";
import { UpstreamError } from "@/lib/upstream/errors";

/** A 404 is remembered this long, so repeated looks at an unknown id cost the upstream one request. */
const NOT_FOUND_TTL_MS = 60_000;
const MAX_REMEMBERED_NOT_FOUND = 1_000;

const globalForReadThrough = globalThis as typeof globalThis & {
  __readThroughInFlight?: Map<string, Promise<Migration>>;
  __readThroughNotFound?: Map<string, number>;
};
globalForReadThrough.__readThroughInFlight ??= new Map();
globalForReadThrough.__readThroughNotFound ??= new Map();
const inFlight = globalForReadThrough.__readThroughInFlight;
const notFound = globalForReadThrough.__readThroughNotFound;

/**
 * Reads one migration the mirror does not have yet from the upstream, stores it (source
 * "read-through") and returns it. Concurrent reads of one id share one request; a 404 is remembered
 * for a minute. The caller has validated the id.
 */
export function readThrough(
  db: Kysely<AppSchema>,
  client: UpstreamClient,
  id: string,
  nowMs = Date.now(),
): Promise<Migration> {
  const key = id.toLowerCase();
  const missingUntil = notFound.get(key);
  if (missingUntil !== undefined && missingUntil > nowMs) {
    return Promise.reject(new UpstreamError("not_found", "No migration has this id."));
  }
  let pending = inFlight.get(key);
  if (!pending) {
    pending = (async () => {
      try {
        const migration = await client.getMigration(key);
        const rejection = mirrorRejection(migration);
        if (rejection)
          throw new UpstreamError("bad_response", `The Migrations API sent a migration whose ${rejection}.`);
        await recordObservedMigrations(db, [migration], { source: "read-through", nowMs });
        notFound.delete(key);
        return migration;
      } catch (error) {
        if (error instanceof UpstreamError && error.kind === "not_found") {
          if (notFound.size >= MAX_REMEMBERED_NOT_FOUND) notFound.delete(notFound.keys().next().value as string);
          // The caller's clock, the one the check above reads: a second clock would make the minute wrong.
          notFound.set(key, nowMs + NOT_FOUND_TTL_MS);
        }
        throw error;
      } finally {
        inFlight.delete(key);
      }
    })();
    inFlight.set(key, pending);
  }
  return pending;
}
