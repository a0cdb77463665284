"use client";

import { functionalUpdate, type ReactTable, type Updater, useTable } from "@tanstack/react-table";
import { useMemo } from "react";
import type { Migration, MigrationSort } from "@/lib/migrations/migration";
import { effectiveColumnOrder, effectiveVisibility, type TablePreferences } from "@/lib/migrations/table-preferences";
import { migrationColumns, tableFeaturesUsed } from "./columns";
import { ariaSortFor, SortHeader, sortDescription } from "./sort-header";

export type MigrationsTableInstance = ReactTable<typeof tableFeaturesUsed, Migration>;

const COLUMN_IDS = migrationColumns.map(
  (column) => column.id ?? ("accessorKey" in column ? String(column.accessorKey) : ""),
);

/**
 * The table instance, with column visibility and order owned by this browser's preferences: the
 * columns menu changes them through the table's own setters, which write the preferences.
 */
export function useMigrationsTable(
  rows: Migration[],
  preferences: TablePreferences,
  updatePreferences: (change: (current: TablePreferences) => TablePreferences) => void,
): MigrationsTableInstance {
  const columnOrder = useMemo(() => effectiveColumnOrder(preferences, COLUMN_IDS), [preferences]);
  const columnVisibility = useMemo(() => effectiveVisibility(preferences), [preferences]);
  return useTable({
    features: tableFeaturesUsed,
    columns: migrationColumns,
    data: rows,
    getRowId: (row) => row.id,
    state: { columnOrder, columnVisibility },
    onColumnOrderChange: (updater: Updater<string[]>) =>
      updatePreferences((current) => ({
        ...current,
        columnOrder: functionalUpdate(updater, effectiveColumnOrder(current, COLUMN_IDS)),
      })),
    onColumnVisibilityChange: (updater: Updater<Record<string, boolean>>) =>
      updatePreferences((current) => ({
        ...current,
        columnVisibility: functionalUpdate(updater, effectiveVisibility(current)),
      })),
  });
}

interface MigrationsTableProps {
  table: MigrationsTableInstance;
  sort: MigrationSort;
  onSort: (sort: MigrationSort) => void;
  /** True while newer rows are loading: the old rows stay, dimmed slightly, without layout shift. */
  updating: boolean;
  changedIds: ReadonlySet<string>;
}

/** Between the phone's cards (below 640 px) and a wide screen, less essential columns give way; the detail page has them all. */
const RESPONSIVE: Record<string, string> = {
  companyId: "hidden sm:table-cell",
  createdByUserId: "hidden md:table-cell",
  age: "hidden lg:table-cell",
};

export function MigrationsTable({ table, sort, onSort, updating, changedIds }: MigrationsTableProps) {
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
                  data-column={header.column.id}
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
              {row.getVisibleCells().map((cell) => (
                <td
                  key={cell.id}
                  data-column={cell.column.id}
                  className={`px-3 py-2 align-middle ${RESPONSIVE[cell.column.id] ?? ""}`}
                >
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
