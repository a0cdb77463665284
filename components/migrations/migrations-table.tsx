"use client";

import { useTable } from "@tanstack/react-table";
import type { Migration, MigrationSort } from "@/lib/migrations/migration";
import { migrationColumns, tableFeaturesUsed } from "./columns";
import { ariaSortFor, SortHeader, sortDescription } from "./sort-header";

interface MigrationsTableProps {
  rows: Migration[];
  sort: MigrationSort;
  onSort: (sort: MigrationSort) => void;
  /** True while newer rows are loading: the old rows stay, dimmed slightly, without layout shift. */
  updating: boolean;
  changedIds: ReadonlySet<string>;
}

/** Less essential columns give way on narrow screens (a phone shows status, id and created; the detail page has the rest). */
const RESPONSIVE: Record<string, string> = {
  companyId: "hidden sm:table-cell",
  createdByUserId: "hidden md:table-cell",
  age: "hidden lg:table-cell",
};

export function MigrationsTable({ rows, sort, onSort, updating, changedIds }: MigrationsTableProps) {
  const table = useTable({
    features: tableFeaturesUsed,
    columns: migrationColumns,
    data: rows,
    getRowId: (row) => row.id,
  });

  return (
    <div className="relative overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-700">
      <table
        className={`w-full md:min-w-[52rem] border-collapse text-left text-sm transition-opacity ${updating ? "opacity-70" : ""}`}
        aria-busy={updating}
        data-testid="migrations-table"
      >
        <caption className="sr-only">Migrations, {sortDescription(sort)}</caption>
        <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-700 dark:bg-slate-900 dark:text-slate-300">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th
                  key={header.id}
                  scope="col"
                  aria-sort={ariaSortFor(header.column.id, sort)}
                  className={`px-3 py-2 font-semibold ${RESPONSIVE[header.column.id] ?? ""}`}
                >
                  <SortHeader columnId={header.column.id} sort={sort} onSort={onSort}>
                    <table.FlexRender header={header} />
                  </SortHeader>
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.map((row) => (
            <tr
              key={row.id}
              data-testid="migration-row"
              data-id={row.id}
              className={`border-t border-slate-100 dark:border-slate-800 ${changedIds.has(row.id) ? "bg-blue-50 dark:bg-blue-950/60" : ""}`}
            >
              {row.getAllCells().map((cell) => (
                <td key={cell.id} className={`px-3 py-2 align-middle ${RESPONSIVE[cell.column.id] ?? ""}`}>
                  <table.FlexRender cell={cell} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
