"use client";

import type { MigrationsTableInstance } from "./migrations-table";

/** What a card shows under its status and id: the columns a phone has room for, in this order. */
const CARD_FIELDS = ["companyId", "createdByUserId", "age"] as const;

/**
 * The list on a phone: one card per migration instead of a table that scrolls sideways. The cards
 * render the table's own cells (the same status, id link, copy button, company and user filters and
 * age as the columns), so a cell that changes changes here too.
 */
export function MigrationCards({
  table,
  updating,
  changedIds,
}: {
  table: MigrationsTableInstance;
  updating: boolean;
  changedIds: ReadonlySet<string>;
}) {
  return (
    <ul
      aria-label="Migrations"
      aria-busy={updating}
      data-testid="migration-cards"
      className={`flex flex-col gap-2 transition-opacity ${updating ? "opacity-70" : ""}`}
    >
      {table.getRowModel().rows.map((row) => {
        const cells = row.getAllCellsByColumnId();
        const status = cells.status;
        const id = cells.id;
        return (
          <li
            key={row.id}
            data-testid="migration-card"
            data-id={row.id}
            className={`min-w-0 rounded-lg border border-slate-200 p-3 text-sm dark:border-slate-700 ${changedIds.has(row.id) ? "bg-blue-50 dark:bg-blue-950/60" : ""}`}
          >
            <div className="flex flex-wrap items-center justify-between gap-2">
              {status ? <table.FlexRender cell={status} /> : null}
              {id ? <table.FlexRender cell={id} /> : null}
            </div>
            <dl className="mt-2 grid grid-cols-[auto_minmax(0,1fr)] items-center gap-x-3 gap-y-1">
              {CARD_FIELDS.map((field) => {
                const cell = cells[field];
                if (!cell) return null;
                const header = cell.column.columnDef.header;
                return (
                  <div key={field} className="contents">
                    <dt className="text-xs text-slate-600 dark:text-slate-400">
                      {typeof header === "string" ? header : field}
                    </dt>
                    {/* Long hints ("in PENDING_USER_INPUT for 12 d 3 h · may be stuck") wrap instead of widening the card. */}
                    <dd className="min-w-0 break-words [&_*]:min-w-0 [&_*]:whitespace-normal">
                      <table.FlexRender cell={cell} />
                    </dd>
                  </div>
                );
              })}
            </dl>
          </li>
        );
      })}
    </ul>
  );
}
