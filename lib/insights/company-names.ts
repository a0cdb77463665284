import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";

/**
 * The one place company names come from, for every company shown by the insights and company pages
 * (companies list, company page, top companies by failures). The app has no company directory
 * yet, so every company is shown by its id: the answer is empty. When the directory table arrives,
 * this becomes one read of it for these ids (`select company_id, name from directory_companies
 * where company_id in (…)`), and every page shows names with no other change.
 */
export async function companyNames(
  _db: Kysely<AppSchema>,
  _companyIds: readonly string[],
): Promise<ReadonlyMap<string, string>> {
  return new Map();
}
