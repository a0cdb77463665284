import type { Migration } from "@/lib/migrations/migration";
import { isMigrationId } from "@/lib/migrations/migration-id";

/** Printable, bounded text: what an id or status may be before it is stored, shown or put in a link. */
const SHORT_TEXT = /^[\x21-\x7e]{1,128}$/;
const STATUS_TEXT = /^[\x21-\x7e]{1,64}$/;
/** `created` is shown and copied as sent: printable (a space may stand for the T), timestamp-sized. */
const CREATED_TEXT = /^[\x20-\x7e]{1,40}$/;

/**
 * Why a row the upstream sent may not enter the mirror, or undefined when it may. A hostile or broken
 * upstream can send anything: ids that are not UUIDs never become a link or a URL, and giant or
 * binary strings never reach the database. Odd but bounded statuses (even `__proto__`) are kept as
 * text; the views count them in null-prototype objects.
 */
export function mirrorRejection(migration: Migration): string | undefined {
  if (!isMigrationId(migration.id)) return "id is not a UUID";
  if (!STATUS_TEXT.test(migration.status)) return "status is not 1-64 printable characters";
  if (!SHORT_TEXT.test(migration.createdByUserId)) return "created_by_user_id is not 1-128 printable characters";
  if (migration.companyId !== null && !SHORT_TEXT.test(migration.companyId)) {
    return "company_id is not 1-128 printable characters";
  }
  if (!CREATED_TEXT.test(migration.createdRaw)) return "created is not 1-40 printable characters";
  return undefined;
}
