"use client";

import { useEffect, useId, useRef, useState } from "react";
import { STATUS_ORDER, statusInfo } from "@/lib/migrations/status-catalogue";
import type { SyncFreshness } from "@/lib/migrations/views";
import { PartialMark } from "./partial-mark";
import { StatusIcon } from "./status-icon";

/** Every known status, then any other status the data holds or the URL asks for. */
export function statusOptions(counts: Record<string, number>, selected: readonly string[]): string[] {
  const extra = [...new Set([...Object.keys(counts), ...selected])].filter((s) => !statusInfo(s).known).sort();
  return [...STATUS_ORDER, ...extra];
}

export function StatusFilter({
  counts,
  selected,
  onChange,
  freshness,
}: {
  counts: Record<string, number>;
  selected: readonly string[];
  onChange: (statuses: string[]) => void;
  freshness?: SyncFreshness;
}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!rootRef.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const toggle = (status: string) =>
    onChange(selected.includes(status) ? selected.filter((s) => s !== status) : [...selected, status]);

  return (
    <div ref={rootRef} className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((value) => !value)}
        data-testid="status-filter-button"
        className="inline-flex h-9 items-center gap-2 rounded-md border border-slate-300 bg-white px-3 text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-slate-600 dark:bg-slate-900 dark:hover:bg-slate-800"
      >
        Status
        {selected.length > 0 ? (
          <span className="rounded-full bg-blue-700 px-1.5 text-xs font-semibold text-white">{selected.length}</span>
        ) : null}
        <span aria-hidden="true">▾</span>
      </button>
      {open ? (
        <fieldset
          id={panelId}
          data-testid="status-filter-panel"
          className="absolute z-20 mt-1 w-72 rounded-md border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          <legend className="sr-only">Filter by status</legend>
          {freshness?.partial ? (
            <p className="px-2 pb-1.5">
              <PartialMark freshness={freshness} />
            </p>
          ) : null}
          {statusOptions(counts, selected).map((status) => {
            const info = statusInfo(status);
            const checked = selected.includes(status);
            return (
              <label
                key={status}
                className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
              >
                <input
                  type="checkbox"
                  checked={checked}
                  onChange={() => toggle(status)}
                  data-testid={`status-option-${status}`}
                  className="h-4 w-4 accent-blue-700"
                />
                <StatusIcon name={info.icon} />
                <span className="flex-1">{info.label}</span>
                <span
                  className="tabular-nums text-slate-600 dark:text-slate-400"
                  data-testid={`status-count-${status}`}
                >
                  {(counts[status] ?? 0).toLocaleString()}
                </span>
              </label>
            );
          })}
          {selected.length > 0 ? (
            <button
              type="button"
              onClick={() => onChange([])}
              className="mt-1 w-full rounded px-2 py-1.5 text-left text-sm text-blue-800 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-300 dark:hover:bg-slate-800"
            >
              Clear status filter
            </button>
          ) : null}
        </fieldset>
      ) : null}
    </div>
  );
}
