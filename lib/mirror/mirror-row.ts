import { subMillisecondMicros } from "@/lib/migrations/created-time";
import type { Migration } from "@/lib/migrations/migration";

/** `created` as microseconds since the epoch (UTC): the upstream's own order, exactly. */
export function createdMicros(migration: Pick<Migration, "created" | "createdRaw">): number {
  return Date.parse(migration.created) * 1000 + subMillisecondMicros(migration.createdRaw);
}

export interface MirroredFields {
  id: string;
  created_raw: string;
  created_us: number;
  status: string;
  created_by_user_id: string;
  company_id: string | null;
}

export function toMirroredFields(migration: Migration): MirroredFields {
  return {
    id: migration.id.toLowerCase(),
    created_raw: migration.createdRaw,
    created_us: createdMicros(migration),
    status: migration.status,
    created_by_user_id: migration.createdByUserId,
    company_id: migration.companyId,
  };
}

/** A stored row back into the app's Migration (the same shape the upstream reader produces). */
export function fromMirroredFields(row: MirroredFields): Migration {
  return {
    id: row.id,
    created: new Date(Math.floor(row.created_us / 1000)).toISOString(),
    createdRaw: row.created_raw,
    status: row.status,
    createdByUserId: row.created_by_user_id,
    companyId: row.company_id,
  };
}

export function sameMirroredFields(a: MirroredFields, b: MirroredFields): boolean {
  return (
    a.status === b.status &&
    a.created_raw === b.created_raw &&
    a.created_us === b.created_us &&
    a.created_by_user_id === b.created_by_user_id &&
    a.company_id === b.company_id
  );
}
