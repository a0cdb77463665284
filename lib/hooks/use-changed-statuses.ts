"use client";

import { useState } from "react";
import type { Migration } from "@/lib/migrations/migration";

const NONE: ReadonlySet<string> = new Set();

interface Tracked {
  viewKey: string;
  updatedAt: number;
  statuses: ReadonlyMap<string, string>;
  changed: ReadonlySet<string>;
}

/**
 * Ids whose status differs from the previous refresh of the same view (only rows seen in both:
 * a page change is not a status change). Derived while rendering, not in an effect, so the new
 * status and its "changed" marker appear in the same paint.
 */
export function useChangedStatuses(rows: readonly Migration[] | undefined, viewKey: string, updatedAt: number) {
  const [tracked, setTracked] = useState<Tracked>({ viewKey: "", updatedAt: -1, statuses: new Map(), changed: NONE });
  if (!rows || (tracked.updatedAt === updatedAt && tracked.viewKey === viewKey)) return tracked.changed;

  const sameView = tracked.viewKey === viewKey && tracked.updatedAt !== -1;
  const changed = sameView
    ? new Set(
        rows
          .filter((row) => {
            const before = tracked.statuses.get(row.id);
            return before !== undefined && before !== row.status;
          })
          .map((row) => row.id),
      )
    : NONE;
  // React's pattern for information from previous renders: it re-renders at once, before painting.
  setTracked({ viewKey, updatedAt, statuses: new Map(rows.map((row) => [row.id, row.status])), changed });
  return changed;
}
