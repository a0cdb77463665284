import "server-only";
import { type Kysely, sql } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { mirrorVersion } from "./mirror-version";
import { TOUCH_RETENTION_MS } from "./record-observations";

/**
 * Deep pages without skipping a million rows. For one filter, an anchor is the row at every
 * ANCHOR_SPACING-th position counted from the OLDEST row: new migrations arrive at the newest end,
 * so they never move an anchor. A write that inserts, removes or re-files rows records the oldest
 * `created` it touched (mirror_touches); an anchor older than every touch since it was built is
 * still exact, on every instance. A page then starts from the nearest exact anchor and skips at most
 * ANCHOR_SPACING rows.
 */
export const ANCHOR_SPACING = 4_096;
/** Pages closer than this to the anchor-free end are cheap enough with OFFSET alone. */
export const DIRECT_OFFSET_LIMIT = 8_192;
const MAX_CACHED_FILTERS = 200;

export interface Anchor {
  createdUs: number;
  id: string;
}

interface AnchorSet {
  /** The last touch seen when the set was built. */
  builtSeq: number;
  builtAtMs: number;
  /** anchors[j] is the row with exactly j × ANCHOR_SPACING rows older than it. */
  anchors: Anchor[];
}

const globalForAnchors = globalThis as typeof globalThis & { __mirrorAnchors?: Map<string, AnchorSet> };
globalForAnchors.__mirrorAnchors ??= new Map();
const cache = globalForAnchors.__mirrorAnchors;

/** Forgets every anchor (tests; a mirror cleared by a scope change). */
export function clearAnchorCache(): void {
  cache.clear();
}

/** The oldest `created` touched after `seq`, or Infinity when nothing was. */
async function oldestTouchSince(db: Kysely<AppSchema>, seq: number): Promise<number> {
  const row = await db
    .selectFrom("mirror_touches")
    .select((eb) => eb.fn.min<number | null>("min_created_us").as("min"))
    .where("seq", ">", seq)
    .executeTakeFirst();
  return row?.min === null || row?.min === undefined ? Number.POSITIVE_INFINITY : Number(row.min);
}

/**
 * The anchors valid for positions up to `position` (oldest-first), building them when the cached
 * ones are stale: `buildAnchors` reads them from the database (one pass over the filter's index).
 */
export async function anchorFor(
  db: Kysely<AppSchema>,
  filterKey: string,
  position: number,
  buildAnchors: () => Promise<Anchor[]>,
  nowMs = Date.now(),
): Promise<{ anchor: Anchor; index: number } | undefined> {
  const wanted = Math.floor(position / ANCHOR_SPACING);
  if (wanted < 1) return undefined;
  let set = cache.get(filterKey);
  if (set && nowMs - set.builtAtMs < TOUCH_RETENTION_MS) {
    const oldestTouch = await oldestTouchSince(db, set.builtSeq);
    // Anchors strictly older than every later touch still have exactly j × spacing rows below them.
    let j = Math.min(wanted, set.anchors.length - 1);
    while (j >= 1 && (set.anchors[j] as Anchor).createdUs >= oldestTouch) j--;
    if (j >= 1 && j >= wanted - 1) return { anchor: set.anchors[j] as Anchor, index: j };
  }
  const builtSeq = await mirrorVersion(db);
  set = { builtSeq, builtAtMs: nowMs, anchors: await buildAnchors() };
  if (cache.size >= MAX_CACHED_FILTERS) cache.delete(cache.keys().next().value as string);
  cache.set(filterKey, set);
  const j = Math.min(wanted, set.anchors.length - 1);
  return j >= 1 ? { anchor: set.anchors[j] as Anchor, index: j } : undefined;
}

/** Position (0-based, oldest first) of each row among the filtered rows, for building anchors. */
export const positionOldestFirst = sql<number>`row_number() over (order by created_us asc, id asc) - 1`;
