"use client";

import Link from "next/link";
import type { Migration } from "@/lib/migrations/migration";
import { CopyButton } from "../ui/copy-button";
import { useRowContext } from "./list-context";
import { OwnerFilterButton } from "./owner-filter-button";

/**
 * The company by its directory name (its id when the directory has none), linking to the company's
 * page; the id is on hover and one click to copy, and the funnel narrows the list to it.
 */
export function CompanyCell({ migration }: { migration: Migration }) {
  const { filterByCompany } = useRowContext();
  const id = migration.companyId;
  if (id === null) return <span className="text-slate-600 italic dark:text-slate-400">no company</span>;
  const label = migration.companyName ?? id;
  return (
    <span className="inline-flex items-center gap-1" data-testid="company-cell" data-company-id={id}>
      {/* No prefetch: a page of rows would fire one request per row. */}
      <Link
        href={`/companies/${encodeURIComponent(id)}`}
        prefetch={false}
        title={`Company id ${id}`}
        className={`max-w-[11rem] truncate text-blue-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-300 ${migration.companyName ? "" : "font-mono"}`}
      >
        {label}
      </Link>
      <OwnerFilterButton kind="company" id={id} label={label} onFilter={filterByCompany} iconOnly />
      <CopyButton value={id} label={`Copy company id ${id}`} />
    </span>
  );
}
