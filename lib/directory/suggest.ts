import "server-only";
import { type Kysely, sql } from "kysely";
import { z } from "zod";
import { BffError } from "@/lib/bff/bff-error";
import type { AppSchema } from "@/lib/db/schema";
import type { OwnerKind, OwnerSuggestion } from "./suggestions";

export const SUGGESTION_LIMIT = 10;
/** Each source (names, ids) offers at most this many before they are merged and ranked. */
const CANDIDATES = 50;

export const suggestQuerySchema = z.object({
  kind: z.enum(["company", "user"], "must be company or user"),
  q: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(200, "must be at most 200 characters")
    .regex(/^[^\p{Cc}]*$/u, "must be text without control characters"),
});

/** The suggest route's query, strictly: a bad one is a 400 naming the parameter. */
export function parseSuggestQuery(params: URLSearchParams): z.infer<typeof suggestQuerySchema> {
  const query = suggestQuerySchema.safeParse({
    kind: params.get("kind") ?? undefined,
    q: params.get("q") ?? undefined,
  });
  if (query.success) return query.data;
  const issue = query.error.issues[0];
  const param = String(issue?.path[0] ?? "q");
  throw new BffError(400, "invalid_parameter", `${param} ${issue?.message ?? "is invalid"}`, { param });
}

function likeContaining(text: string, anchoredAtStart: boolean): string {
  const escaped = text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  return `${anchoredAtStart ? "" : "%"}${escaped}%`;
}

/**
 * Companies or users whose directory name contains `q` or whose id starts with it (any case), with
 * how many migrations the mirror holds for each (from the counts the writes keep: no migration row
 * is read). Best first: an exact id or name, then names starting with `q`, then by migrations.
 */
export async function suggestOwners(db: Kysely<AppSchema>, kind: OwnerKind, q: string): Promise<OwnerSuggestion[]> {
  const text = q.trim();
  const namePattern = likeContaining(text, false);
  const idPattern = likeContaining(text, true);
  const named =
    kind === "company"
      ? await db
          .selectFrom("directory_companies")
          .select(["company_id as id", "name"])
          .where(sql<boolean>`lower(name) like ${namePattern} escape '\\'`)
          .orderBy("name")
          .limit(CANDIDATES)
          .execute()
      : await db
          .selectFrom("directory_users")
          .select(["user_id as id", "name"])
          .where(sql<boolean>`lower(name) like ${namePattern} escape '\\'`)
          .orderBy("name")
          .limit(CANDIDATES)
          .execute();
  const byId = await db
    .selectFrom("mirror_owner_status_counts")
    .select(["owner_id"])
    .distinct()
    .where("owner_kind", "=", kind)
    .where(sql<boolean>`lower(owner_id) like ${idPattern} escape '\\'`)
    .orderBy("owner_id")
    .limit(CANDIDATES)
    .execute();

  const ids = [...new Set([...named.map((row) => row.id), ...byId.map((row) => row.owner_id)])];
  if (ids.length === 0) return [];
  const [counts, names] = await Promise.all([
    db
      .selectFrom("mirror_owner_status_counts")
      .select((eb) => ["owner_id", eb.fn.sum<number>("count").as("count")])
      .where("owner_kind", "=", kind)
      .where("owner_id", "in", ids)
      .groupBy("owner_id")
      .execute(),
    kind === "company"
      ? db
          .selectFrom("directory_companies")
          .select(["company_id as id", "name"])
          .where("company_id", "in", ids)
          .execute()
      : db.selectFrom("directory_users").select(["user_id as id", "name"]).where("user_id", "in", ids).execute(),
  ]);
  const countOf = new Map(counts.map((row) => [row.owner_id, Number(row.count)]));
  const nameOf = new Map(names.map((row) => [row.id, row.name]));
  const lower = text.toLowerCase();
  const rank = (suggestion: OwnerSuggestion) => {
    if (suggestion.id.toLowerCase() === lower || suggestion.name?.toLowerCase() === lower) return 0;
    if (suggestion.name?.toLowerCase().startsWith(lower)) return 1;
    return 2;
  };
  return ids
    .map((id) => ({ id, name: nameOf.get(id) ?? null, count: countOf.get(id) ?? 0 }))
    .sort((a, b) => rank(a) - rank(b) || b.count - a.count || (a.id < b.id ? -1 : 1))
    .slice(0, SUGGESTION_LIMIT);
}
