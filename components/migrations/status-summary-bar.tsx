"use client";

import { STATUS_ORDER, statusInfo, TONE_CLASSES } from "@/lib/migrations/status-catalogue";
import type { SyncFreshness } from "@/lib/migrations/views";
import { PartialMark } from "./partial-mark";
import { StatusIcon } from "./status-icon";

/** One chip per status with its count; a click shows only that status (again: all statuses). */
export function StatusSummaryBar({
  counts,
  selected,
  onSelect,
  freshness,
}: {
  counts: Record<string, number>;
  selected: readonly string[];
  onSelect: (statuses: string[]) => void;
  freshness?: SyncFreshness;
}) {
  const statuses = [
    ...STATUS_ORDER.filter((s) => (counts[s] ?? 0) > 0 || selected.includes(s)),
    ...Object.keys(counts).filter((s) => !statusInfo(s).known),
  ];
  const attention = STATUS_ORDER.filter((s) => statusInfo(s).needsAttention).reduce((n, s) => n + (counts[s] ?? 0), 0);
  return (
    <section
      aria-label="Migrations per status"
      className="flex flex-wrap items-center gap-2"
      data-testid="status-summary"
    >
      {statuses.map((status) => {
        const info = statusInfo(status);
        const active = selected.length === 1 && selected[0] === status;
        return (
          <button
            key={status}
            type="button"
            aria-pressed={active}
            onClick={() => onSelect(active ? [] : [status])}
            data-testid={`summary-chip-${status}`}
            title={info.description}
            className={`inline-flex items-center gap-1.5 rounded-full px-3 py-1 text-sm ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 ${TONE_CLASSES[info.tone]} ${active ? "ring-2 ring-blue-700 dark:ring-blue-300" : ""}`}
          >
            <StatusIcon name={info.icon} />
            <span>{info.label}</span>
            <span className="font-semibold tabular-nums" data-testid="summary-chip-count">
              {(counts[status] ?? 0).toLocaleString()}
            </span>
          </button>
        );
      })}
      {attention > 0 ? (
        <span className="text-sm text-slate-700 dark:text-slate-300" data-testid="needs-attention">
          <strong>{attention.toLocaleString()}</strong> need attention
        </span>
      ) : null}
      <PartialMark freshness={freshness} />
    </section>
  );
}
