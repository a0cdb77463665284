"use client";

import { useHydrated, useNow } from "@/lib/hooks/use-now";
import { formatDuration } from "@/lib/migrations/format-time";
import type { MigrationDetailView, ObservedStatusChangeView } from "@/lib/migrations/views";
import { LocalTime } from "./local-time";
import { StatusBadge } from "./status-badge";

const SOURCES: Record<string, { label: string; title: string }> = {
  sync: { label: "seen by the sync", title: "The background sync saw this in the Migrations API's list." },
  "read-through": {
    label: "seen when opened",
    title:
      "Someone opened this migration (or a webhook named it) before the background sync had seen it; it was read from the Migrations API then.",
  },
  webhook: {
    label: "reported by webhook",
    title: "The Migrations API announced this change in a signed webhook, before the background sync saw it.",
  },
};

function sourceOf(source: string) {
  return SOURCES[source] ?? { label: `seen by ${source}`, title: source };
}

/**
 * How long the current status has lasted, as far as this app knows. `break-normal`: the detail
 * fields break anywhere (for long ids), and these are words.
 */
export function StatusSince({ view }: { view: MigrationDetailView }) {
  const hydrated = useHydrated();
  const now = useNow(1000);
  const since = view.status_since ?? view.first_seen_at;
  const duration = hydrated ? formatDuration(now - Date.parse(since)) : undefined;
  if (view.status_since) {
    return (
      <span data-testid="status-since" data-basis="status" className="break-normal">
        since <LocalTime iso={view.status_since} />
        {duration ? ` (for ${duration})` : null}
      </span>
    );
  }
  // It already had this status when this app first saw it: the real start is earlier, and unknown.
  return (
    <span data-testid="status-since" data-basis="first-seen" className="break-normal">
      since at least <LocalTime iso={view.first_seen_at} /> (first seen){duration ? `, for at least ${duration}` : null}
    </span>
  );
}

function ChangeTitle({ change }: { change: ObservedStatusChangeView }) {
  if (change.to === null) {
    return (
      <span className="font-medium" data-testid="timeline-gone">
        No longer listed by the Migrations API
        {change.from ? (
          <span className="font-normal text-slate-600 dark:text-slate-400"> (was {change.from})</span>
        ) : null}
      </span>
    );
  }
  if (change.from === null) {
    return (
      <span className="inline-flex flex-wrap items-center gap-1.5">
        <span className="font-medium">First seen as</span> <StatusBadge status={change.to} />
      </span>
    );
  }
  return (
    <span className="inline-flex flex-wrap items-center gap-1.5">
      <StatusBadge status={change.from} />
      <span aria-hidden="true">→</span>
      <span className="sr-only">changed to</span>
      <StatusBadge status={change.to} />
    </span>
  );
}

/**
 * Every status change this app has observed, oldest first, each with how long the status lasted
 * (the gap to the next change). Observed, not reported: a change happened at most one sync interval
 * before its time here, and a status already held at first sight started earlier than shown.
 */
export function StatusTimeline({ view }: { view: MigrationDetailView }) {
  const hydrated = useHydrated();
  const now = useNow(1000);
  const history = view.history;
  if (history.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">No status changes observed yet.</p>;
  }
  return (
    <ol data-testid="status-timeline" className="flex flex-col">
      {history.map((change, index) => {
        const next = history[index + 1];
        const last = next === undefined;
        const startMs = Date.parse(change.observed_at);
        const endMs = next ? Date.parse(next.observed_at) : now;
        // Held since before first sight: what we measured is a lower bound.
        const atLeast = change.from === null ? "at least " : "";
        let lasted: React.ReactNode = null;
        if (change.to === null) lasted = last ? "not listed since then" : null;
        else if (!last) lasted = `for ${atLeast}${formatDuration(endMs - startMs)}`;
        else if (hydrated) lasted = `in this status since then, for ${atLeast}${formatDuration(endMs - startMs)}`;
        else lasted = "in this status since then";
        const source = sourceOf(change.source);
        return (
          <li
            // biome-ignore lint/suspicious/noArrayIndexKey: changes have no id, and the history only grows at its end.
            key={index}
            data-testid="timeline-entry"
            data-from={change.from ?? ""}
            data-to={change.to ?? ""}
            data-source={change.source}
            aria-current={last ? "step" : undefined}
            className="relative border-l-2 border-slate-300 py-2 pl-4 last:pb-0 dark:border-slate-600"
          >
            <span
              aria-hidden="true"
              className={`absolute top-3.5 -left-[5px] h-2 w-2 rounded-full ${last ? "bg-blue-700 dark:bg-blue-300" : "bg-slate-400 dark:bg-slate-500"}`}
            />
            <div className="flex flex-col gap-0.5 text-sm">
              <ChangeTitle change={change} />
              <p className="text-xs text-slate-700 dark:text-slate-300">
                <LocalTime iso={change.observed_at} testId="timeline-time" /> ·{" "}
                <span title={source.title} data-testid="timeline-source">
                  {source.label}
                </span>
                {lasted ? (
                  <>
                    {" "}
                    · <span data-testid="timeline-duration">{lasted}</span>
                  </>
                ) : null}
              </p>
              {change.error_message ? (
                <p className="text-xs text-slate-800 dark:text-slate-200" data-testid="timeline-reason">
                  Reason: {change.error_message}
                </p>
              ) : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
