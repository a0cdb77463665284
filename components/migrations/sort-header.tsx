"use client";

import type { ReactNode } from "react";
import type { MigrationSort } from "@/lib/migrations/migration";

/** The table's sortable columns and their two orders: [ascending, descending]. */
const COLUMN_SORTS: Record<string, { ascending: MigrationSort; descending: MigrationSort; words: [string, string] }> = {
  created: { ascending: "created", descending: "-created", words: ["oldest first", "newest first"] },
  status: { ascending: "status", descending: "-status", words: ["by status A to Z", "by status Z to A"] },
  companyId: { ascending: "company", descending: "-company", words: ["by company A to Z", "by company Z to A"] },
};

export function isSortableColumn(columnId: string): boolean {
  return columnId in COLUMN_SORTS;
}

/** The header cell's aria-sort: only the column the list is sorted by has one. */
export function ariaSortFor(columnId: string, sort: MigrationSort): "ascending" | "descending" | undefined {
  const sorts = COLUMN_SORTS[columnId];
  if (!sorts) return undefined;
  return sort === sorts.ascending ? "ascending" : sort === sorts.descending ? "descending" : undefined;
}

/** What the page's caption says about the order. */
export function sortDescription(sort: MigrationSort): string {
  for (const sorts of Object.values(COLUMN_SORTS)) {
    if (sort === sorts.ascending) return sorts.words[0];
    if (sort === sorts.descending) return sorts.words[1];
  }
  return "";
}

/**
 * A sortable column's header: a click sorts by it (created: newest first, the others A→Z), a second
 * click reverses. Status and company order newest first within each group.
 */
export function SortHeader({
  columnId,
  sort,
  onSort,
  children,
}: {
  columnId: string;
  sort: MigrationSort;
  onSort: (sort: MigrationSort) => void;
  children: ReactNode;
}) {
  const sorts = COLUMN_SORTS[columnId];
  if (!sorts) return <>{children}</>;
  const current = ariaSortFor(columnId, sort);
  const firstClick = columnId === "created" ? sorts.descending : sorts.ascending;
  const next = current === undefined ? firstClick : current === "ascending" ? sorts.descending : sorts.ascending;
  const nextWords = next === sorts.ascending ? sorts.words[0] : sorts.words[1];
  return (
    <button
      type="button"
      onClick={() => onSort(next)}
      data-testid={`sort-${sorts.ascending}`}
      className="inline-flex items-center gap-1 uppercase hover:underline focus-visible:outline-2 focus-visible:outline-blue-600"
    >
      {children}
      <span aria-hidden="true">{current === "ascending" ? "↑" : current === "descending" ? "↓" : "↕"}</span>
      <span className="sr-only">
        {current ? `, sorted ${current === "ascending" ? sorts.words[0] : sorts.words[1]}` : ", not sorted"}; sort{" "}
        {nextWords}
      </span>
    </button>
  );
}
