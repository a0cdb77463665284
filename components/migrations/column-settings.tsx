"use client";

import { useEffect, useId, useRef, useState } from "react";
import {
  ALWAYS_VISIBLE_COLUMNS,
  DEFAULT_TABLE_PREFERENCES,
  DENSITIES,
  type Density,
  effectiveColumnOrder,
  effectiveVisibility,
  moveColumn,
  type TablePreferences,
} from "@/lib/migrations/table-preferences";
import { COLUMN_IDS, COLUMN_LABELS } from "./migrations-table";

const DENSITY_LABELS: Record<Density, string> = { comfortable: "Comfortable", compact: "Compact" };

const BUTTON =
  "inline-flex h-9 items-center gap-1 rounded-md border border-slate-300 px-3 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-slate-600 dark:hover:bg-slate-800";
const SMALL_BUTTON =
  "inline-flex h-7 w-7 items-center justify-center rounded text-slate-700 hover:bg-slate-200 focus-visible:outline-2 focus-visible:outline-blue-600 aria-disabled:cursor-not-allowed aria-disabled:opacity-40 dark:text-slate-200 dark:hover:bg-slate-700";

interface ColumnSettingsProps {
  preferences: TablePreferences;
  updatePreferences: (change: (current: TablePreferences) => TablePreferences) => void;
}

/**
 * The "Columns" menu: show or hide each column, move it up or down, and pick the density. A
 * disclosure with plain checkboxes, radios and buttons (not an ARIA menu), so every control works
 * with Tab, Space and Enter as everywhere else; Esc closes it and returns to its button.
 */
export function ColumnSettings({ preferences, updatePreferences }: ColumnSettingsProps) {
  const density = preferences.density;
  const [open, setOpen] = useState(false);
  const [refocus, setRefocus] = useState<string | undefined>();
  const panelId = useId();
  const toggleRef = useRef<HTMLButtonElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      // Back to the button only from inside: Esc elsewhere must not pull focus here.
      if (rootRef.current?.contains(document.activeElement)) toggleRef.current?.focus();
    };
    document.addEventListener("pointerdown", onPointerDown);
    document.addEventListener("keydown", onKeyDown);
    return () => {
      document.removeEventListener("pointerdown", onPointerDown);
      document.removeEventListener("keydown", onKeyDown);
    };
  }, [open]);

  // A moved row is re-inserted in the DOM, which drops focus: put it back on the button pressed.
  useEffect(() => {
    if (refocus === undefined) return;
    document.getElementById(refocus)?.focus();
    setRefocus(undefined);
  }, [refocus]);

  const order = effectiveColumnOrder(preferences, COLUMN_IDS);
  const visibility = effectiveVisibility(preferences);
  const isVisible = (id: string) => visibility[id] !== false;
  const columns = order.map((id) => ({ id, label: COLUMN_LABELS[id] ?? id, visible: isVisible(id) }));
  const visibleCount = columns.filter((column) => column.visible).length;

  const move = (id: string, step: -1 | 1, buttonId: string) => {
    updatePreferences((current) => ({
      ...current,
      columnOrder: moveColumn(effectiveColumnOrder(current, COLUMN_IDS), id, step),
    }));
    setRefocus(buttonId);
  };
  const show = (id: string, shown: boolean) =>
    updatePreferences((current) => ({
      ...current,
      columnVisibility: { ...effectiveVisibility(current), [id]: shown },
    }));

  return (
    <div ref={rootRef} className="relative">
      <button
        ref={toggleRef}
        type="button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((value) => !value)}
        data-testid="column-settings-toggle"
        className={BUTTON}
      >
        Columns
        <span aria-hidden="true">{open ? "▴" : "▾"}</span>
      </button>
      {/* Rendered only while open: its checkboxes share names with the filters ("Company"). */}
      {open ? (
        <div
          id={panelId}
          data-testid="column-settings"
          className="absolute right-0 z-20 mt-1 w-72 max-w-[calc(100vw-2rem)] rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          <fieldset>
            <legend className="mb-1 font-semibold">Columns shown, in order</legend>
            <ul className="flex flex-col gap-0.5">
              {columns.map((column, index) => {
                const label = column.label;
                const locked = ALWAYS_VISIBLE_COLUMNS.has(column.id);
                const checkboxId = `${panelId}-${column.id}`;
                const upId = `${panelId}-${column.id}-up`;
                const downId = `${panelId}-${column.id}-down`;
                const first = index === 0;
                const last = index === columns.length - 1;
                // The last visible column stays: a table with no columns would hide every action.
                const cannotHide = locked || (column.visible && visibleCount === 1);
                return (
                  <li
                    key={column.id}
                    className="flex items-center gap-2"
                    data-testid="column-setting"
                    data-column-id={column.id}
                  >
                    <input
                      id={checkboxId}
                      type="checkbox"
                      checked={column.visible}
                      disabled={cannotHide}
                      onChange={(event) => show(column.id, event.target.checked)}
                      className="h-4 w-4 accent-blue-700"
                    />
                    <label htmlFor={checkboxId} className="flex-1">
                      <span className="sr-only">Show the </span>
                      {label}
                      <span className="sr-only"> column</span>
                      {locked ? <span className="text-slate-600 dark:text-slate-400"> (always shown)</span> : null}
                    </label>
                    <button
                      id={upId}
                      type="button"
                      aria-label={`Move ${label} up`}
                      aria-disabled={first}
                      onClick={() => (first ? undefined : move(column.id, -1, upId))}
                      className={SMALL_BUTTON}
                    >
                      <span aria-hidden="true">↑</span>
                    </button>
                    <button
                      id={downId}
                      type="button"
                      aria-label={`Move ${label} down`}
                      aria-disabled={last}
                      onClick={() => (last ? undefined : move(column.id, 1, downId))}
                      className={SMALL_BUTTON}
                    >
                      <span aria-hidden="true">↓</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          </fieldset>
          <fieldset className="mt-3">
            <legend className="mb-1 font-semibold">Density</legend>
            <div className="flex gap-4">
              {DENSITIES.map((value) => (
                <label key={value} className="inline-flex items-center gap-1.5">
                  <input
                    type="radio"
                    name={`${panelId}-density`}
                    value={value}
                    checked={density === value}
                    onChange={() => updatePreferences((current) => ({ ...current, density: value }))}
                    className="h-4 w-4 accent-blue-700"
                  />
                  {DENSITY_LABELS[value]}
                </label>
              ))}
            </div>
          </fieldset>
          <button
            type="button"
            onClick={() => updatePreferences(() => DEFAULT_TABLE_PREFERENCES)}
            className="mt-3 text-sm text-blue-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-300"
          >
            Reset to defaults
          </button>
        </div>
      ) : null}
    </div>
  );
}
