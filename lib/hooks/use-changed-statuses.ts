"use client";

import { useEffect, useRef, useState } from "react";
import type { Migration } from "@/lib/migrations/migration";

/**
 * Ids whose status differs from the previous refresh of the same view. Only rows seen in both
 * refreshes count: a page change is not a status change.
 */
export function useChangedStatuses(rows: readonly Migration[] | undefined, viewKey: string, updatedAt: number) {
  const previous = useRef<{ viewKey: string; statuses: Map<string, string> }>(undefined);
  const [changed, setChanged] = useState<ReadonlySet<string>>(new Set());

  // biome-ignore lint/correctness/useExhaustiveDependencies: recomputed per refresh (updatedAt), not per render.
  useEffect(() => {
    if (!rows) return;
    const statuses = new Map(rows.map((row) => [row.id, row.status]));
    const before = previous.current;
    if (before && before.viewKey === viewKey) {
      const ids = rows.filter((row) => {
        const old = before.statuses.get(row.id);
        return old !== undefined && old !== row.status;
      });
      setChanged(new Set(ids.map((row) => row.id)));
    } else {
      setChanged(new Set());
    }
    previous.current = { viewKey, statuses };
  }, [updatedAt, viewKey]);

  return changed;
}
