/**
 * Helpers for the mirror's unit tests only. Never import this from production code.
 */
import type { Migration } from "@/lib/migrations/migration";

/** `created` and `createdRaw` for a time in epoch microseconds, as the upstream sends it (naive UTC). */
export function createdAt(createdUs: number): Pick<Migration, "created" | "createdRaw"> {
  const ms = Math.floor(createdUs / 1000);
  const iso = new Date(ms).toISOString();
  const micros = String(createdUs % 1000).padStart(3, "0");
  return { created: iso, createdRaw: `${iso.slice(0, 23)}${micros}` };
}

/** 2025-12-02T23:51:49.807119 UTC. */
export const BASE_US = Date.UTC(2025, 11, 2, 23, 51, 49, 807) * 1000 + 119;

let counter = 0;

/** A migration as the upstream reader produces it; a fresh lower-case UUID unless `id` is given. */
export function mirrorTestMigration(
  overrides: Partial<Omit<Migration, "created" | "createdRaw">> & { createdUs?: number } = {},
): Migration {
  counter++;
  const { createdUs = BASE_US - counter * 1000, ...rest } = overrides;
  return {
    id: `00000000-0000-4000-8000-${counter.toString(16).padStart(12, "0")}`,
    status: "COMPLETE",
    createdByUserId: "user0000000000001",
    companyId: "company000000001",
    ...createdAt(createdUs),
    ...rest,
  };
}
