"use client";

import { useHydrated, useNow } from "@/lib/hooks/use-now";
import { formatUtc } from "@/lib/migrations/format-time";
import { formatAge } from "@/lib/migrations/freshness-format";
import type { SyncFreshness } from "@/lib/migrations/views";

/**
 * Live toggle and how old the mirror is. The age is measured from the sync's last successful read
 * (synced_at), not from this page's last fetch: a page that refetched a second ago can still show
 * data the sync has not refreshed for minutes.
 */
export function LiveIndicator({
  live,
  onToggle,
  freshness,
  fetching,
  streaming,
}: {
  live: boolean;
  /** Changes arrive pushed by the server (else the list polls every 10 s). */
  streaming: boolean;
  onToggle: () => void;
  freshness: SyncFreshness | undefined;
  fetching: boolean;
}) {
  const hydrated = useHydrated();
  const now = useNow(1000);
  const syncedAt = freshness?.synced_at ?? null;
  const failing = freshness?.state === "failing";
  let text = "";
  if (hydrated && freshness) text = syncedAt ? `synced ${formatAge(now - Date.parse(syncedAt))} ago` : "not synced yet";
  return (
    <div className="flex items-center gap-2 text-sm">
      <button
        type="button"
        aria-pressed={live}
        onClick={onToggle}
        data-testid="live-toggle"
        data-streaming={live && streaming ? "true" : "false"}
        className="inline-flex h-8 items-center gap-1.5 rounded-md border border-slate-300 px-2 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:border-slate-600 dark:hover:bg-slate-800"
      >
        <span
          aria-hidden="true"
          className={`h-2 w-2 rounded-full ${live ? "bg-emerald-600 dark:bg-emerald-400" : "bg-slate-400"} ${fetching ? "animate-pulse" : ""}`}
        />
        {live ? "Live" : "Paused"}
        <span className="sr-only">
          {live
            ? streaming
              ? ": changes arrive as they happen; press to pause"
              : ": refreshing every 10 seconds; press to pause"
            : ": press to resume"}
        </span>
      </button>
      {/* A fixed minimum width: the text grows from "4 s" to "12 min" without moving the toggle. */}
      <span
        className={`inline-flex min-w-[10rem] items-center gap-1 tabular-nums ${failing ? "font-medium text-amber-800 dark:text-amber-200" : "text-slate-600 dark:text-slate-400"}`}
      >
        {failing && text ? <span aria-hidden="true">⚠</span> : null}
        <span
          data-testid="synced-ago"
          data-state={freshness?.state}
          title={syncedAt ? `Last successful read of the Migrations API: ${formatUtc(syncedAt)}` : undefined}
          aria-live="off"
        >
          {text}
        </span>
      </span>
    </div>
  );
}
