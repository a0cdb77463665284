"use client";

import { useHydrated, useNow } from "@/lib/hooks/use-now";

export function LiveIndicator({
  live,
  onToggle,
  asOf,
  fetching,
}: {
  live: boolean;
  onToggle: () => void;
  asOf: string | undefined;
  fetching: boolean;
}) {
  const hydrated = useHydrated();
  const now = useNow(1000);
  const seconds = asOf ? Math.max(0, Math.round((now - Date.parse(asOf)) / 1000)) : undefined;
  return (
    <div className="flex items-center gap-2 text-sm">
      <button
        type="button"
        aria-pressed={live}
        onClick={onToggle}
        data-testid="live-toggle"
        className="inline-flex h-8 items-center gap-1.5 rounded-md border border-slate-300 px-2 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:border-slate-600 dark:hover:bg-slate-800"
      >
        <span
          aria-hidden="true"
          className={`h-2 w-2 rounded-full ${live ? "bg-emerald-600 dark:bg-emerald-400" : "bg-slate-400"}`}
        />
        {live ? "Live" : "Paused"}
        <span className="sr-only">{live ? ": refreshing every 10 seconds; press to pause" : ": press to resume"}</span>
      </button>
      <span data-testid="updated-ago" className="tabular-nums text-slate-600 dark:text-slate-400" aria-live="off">
        {fetching ? "updating…" : hydrated && seconds !== undefined ? `updated ${seconds} s ago` : ""}
      </span>
    </div>
  );
}
