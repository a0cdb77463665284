"use client";

import { type ReactTable, useTable } from "@tanstack/react-table";
import { useMemo } from "react";
import type { Migration, MigrationSort } from "@/lib/migrations/migration";
import { effectiveColumnOrder, effectiveVisibility, type TablePreferences } from "@/lib/migrations/table-preferences";
import { migrationColumns, tableFeaturesUsed } from "./columns";
import { ariaSortFor, SortHeader, sortDescription } from "./sort-header";

export type MigrationsTableInstance = ReactTable<typeof tableFeaturesUsed, Migration>;

const columnIdOf = (column: (typeof migrationColumns)[number]) =>
  column.id ?? ("accessorKey" in column ? String(column.accessorKey) : "");

export const COLUMN_IDS = migrationColumns.map(columnIdOf);

/** Each column's header text, for the columns menu. */
export const COLUMN_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  migrationColumns.map((column) => [
    columnIdOf(column),
    typeof column.header === "string" ? column.header : columnIdOf(column),
  ]),
);

/** The column definitions in this browser's order, without the ones it hides. */
function shapedColumns(preferences: TablePreferences): Array<(typeof migrationColumns)[number]> {
  const visibility = effectiveVisibility(preferences);
  const byId = new Map(migrationColumns.map((column) => [columnIdOf(column), column]));
  return effectiveColumnOrder(preferences, COLUMN_IDS).flatMap((id) => {
    const column = byId.get(id);
    return column && visibility[id] !== false ? [column] : [];
  });
}

/** The table as this browser shapes it (see table-preferences.ts): its columns, in its order. */
export function useMigrationsTable(rows: Migration[], preferences: TablePreferences): MigrationsTableInstance {
  const columns = useMemo(() => shapedColumns(preferences), [preferences]);
  return useTable({ features: tableFeaturesUsed, columns, data: rows, getRowId: (row) => row.id });
}

/** Every column whatever the preferences: the phone cards show a fixed set of them. */
export function useAllColumnsTable(rows: Migration[]): MigrationsTableInstance {
  return useTable({ features: tableFeaturesUsed, columns: migrationColumns, data: rows, getRowId: (row) => row.id });
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
              {row.getAllCells().map((cell) => (
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
