import "server-only";
import { z } from "zod";
import { normalizeCreated } from "@/lib/migrations/created-time";
import type { Migration } from "@/lib/migrations/migration";
import { UpstreamError } from "./errors";

/**
 * The tolerant reader: it takes what the Migrations API sends and reshapes it into the app's
 * `Migration`, asking only for what the app needs. Extra fields are ignored, `object` is optional,
 * unknown statuses are kept as sent, a missing `company_id` is null. Anything else that is off
 * becomes a bad_response whose message names the field, never its value.
 */

export interface MigrationListPage {
  migrations: Migration[];
  /** How many migrations match over all pages, when the upstream says. */
  total?: number;
  /** Whether a later page has migrations, when the upstream says. */
  hasMore?: boolean;
}

const text = (expected: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? "is missing" : `must be ${expected}`) });

const migrationWire = z.object(
  {
    id: text("a string").min(1, "must not be empty"),
    created: text("a string").refine((value) => normalizeCreated(value) !== undefined, {
      error: "must be an ISO 8601 timestamp",
    }),
    status: text("a string").min(1, "must not be empty"),
    created_by_user_id: text("a string"),
    company_id: z.string({ error: "must be a string or null" }).nullish(),
  },
  { error: "must be an object" },
);

/** Where a list may keep its array, in the order they are looked for. */
const LIST_KEYS = ["data", "results", "items", "migrations"] as const;
const TOTAL_KEYS = ["total", "total_count", "count"] as const;

function badResponse(what: string): UpstreamError {
  return new UpstreamError("bad_response", `The Migrations API's response does not match the contract: ${what}.`);
}

function describeIssue(issue: z.core.$ZodIssue, where: string): string {
  let location = where;
  for (const key of issue.path) {
    location += typeof key === "number" ? `[${key}]` : location ? `.${String(key)}` : String(key);
  }
  return `${location || "the body"} ${issue.message}`;
}

function readAt(json: unknown, where: string): Migration {
  const result = migrationWire.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw badResponse(issue ? describeIssue(issue, where) : `${where || "the body"} is not a migration`);
  }
  const wire = result.data;
  return {
    id: wire.id,
    created: normalizeCreated(wire.created) as string,
    createdRaw: wire.created,
    status: wire.status,
    createdByUserId: wire.created_by_user_id,
    companyId: wire.company_id ?? null,
  };
}

/** Reads one migration object. Throws UpstreamError("bad_response") if it is not one. */
export function readMigration(json: unknown): Migration {
  return readAt(json, "");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readCount(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === "string" && /^\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

/** A list item the tolerant page reader skipped, with why (the field named, never its value). */
export interface RejectedRow {
  index: number;
  reason: string;
}

export interface TolerantMigrationListPage extends MigrationListPage {
  /** How many items the page held, valid or not: a page longer than asked is refused by the caller. */
  received: number;
  rejected: RejectedRow[];
}

/**
 * Like `readMigrationList`, but one malformed item does not sink the page: it is skipped and
 * reported, so the sync engine can keep the rest and record the bad row. The envelope itself must
 * still be readable.
 */
export function readMigrationListTolerant(json: unknown): TolerantMigrationListPage {
  const { items, where, total, hasMore } = unwrapList(json);
  const migrations: Migration[] = [];
  const rejected: RejectedRow[] = [];
  items.forEach((item, index) => {
    try {
      migrations.push(readAt(item, where(index)));
    } catch (error) {
      rejected.push({ index, reason: error instanceof Error ? error.message : "unreadable" });
    }
  });
  return {
    migrations,
    received: items.length,
    rejected,
    ...(total !== undefined ? { total } : {}),
    ...(hasMore !== undefined ? { hasMore } : {}),
  };
}

function unwrapList(json: unknown): {
  items: unknown[];
  where: (index: number) => string;
  total?: number;
  hasMore?: boolean;
} {
  if (Array.isArray(json)) return { items: json, where: (index) => `item [${index}]` };
  if (!isRecord(json)) throw badResponse("the body is neither a list nor an object holding one");
  const key = LIST_KEYS.find((candidate) => Array.isArray(json[candidate]));
  if (!key) throw badResponse(`no list of migrations under ${LIST_KEYS.join(", ")}`);
  let total: number | undefined;
  for (const totalKey of TOTAL_KEYS) {
    total = readCount(json[totalKey]);
    if (total !== undefined) break;
  }
  return {
    items: json[key] as unknown[],
    where: (index) => `${key}[${index}]`,
    ...(total !== undefined ? { total } : {}),
    ...(typeof json.has_more === "boolean" ? { hasMore: json.has_more } : {}),
  };
}

/**
 * Reads a page of migrations: a bare array, or an object keeping the array under `data`, `results`,
 * `items` or `migrations`, optionally with a total (`total`, `total_count`, `count`) and `has_more`.
 * One malformed item makes the whole page a bad_response: a page with silent holes would mislead.
 */
export function readMigrationList(json: unknown): MigrationListPage {
  const { items, where, total, hasMore } = unwrapList(json);
  return {
    migrations: items.map((item, index) => readAt(item, where(index))),
    ...(total !== undefined ? { total } : {}),
    ...(hasMore !== undefined ? { hasMore } : {}),
  };
}
