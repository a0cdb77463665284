import Link from "next/link";
import type { ReactNode } from "react";
import { type CompanySort, type CompanySortKey, sortKeyOf } from "@/lib/insights/company-sort";

/**
 * A sortable column header of the companies table: a link (the sort lives in the URL) with
 * aria-sort on the header. The first click sorts largest first, a second click the other way.
 */
export function SortHeader({
  column,
  current,
  hrefFor,
  children,
}: {
  column: CompanySortKey;
  current: CompanySort;
  hrefFor: (sort: CompanySort) => string;
  children: ReactNode;
}) {
  const { key, descending } = sortKeyOf(current);
  const active = key === column;
  const next: CompanySort = active && descending ? column : `-${column}`;
  return (
    <th
      scope="col"
      aria-sort={active ? (descending ? "descending" : "ascending") : "none"}
      className="px-3 py-2 text-right font-medium whitespace-nowrap"
    >
      <Link
        href={hrefFor(next)}
        data-testid={`sort-${column}`}
        className="inline-flex items-center gap-1 rounded hover:underline focus-visible:outline-2 focus-visible:outline-blue-600"
      >
        {children}
        <span aria-hidden="true">{active ? (descending ? "↓" : "↑") : "↕"}</span>
      </Link>
    </th>
  );
}
