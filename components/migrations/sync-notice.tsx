"use client";

import { LineIcon } from "@/components/ui/line-icon";
import { useHydrated, useNow } from "@/lib/hooks/use-now";
import { describeProgress, formatAge } from "@/lib/migrations/freshness-format";
import type { SyncFreshness } from "@/lib/migrations/views";
import { LocalTime } from "./local-time";

function SyncIcon({ kind }: { kind: "reading" | "failing" }) {
  return (
    <LineIcon
      d={kind === "reading" ? "M8 2v8M4.5 6.5 8 10l3.5-3.5M2.5 13.5h11" : "M8 2 1.5 13.5h13L8 2ZM8 6.5v3M8 11.5v.5"}
      className="mt-0.5 h-4 w-4 shrink-0"
    />
  );
}

/**
 * The first full read of the Migrations API, while it runs: how far it got, out of how many, and
 * how long it should still take. Counts alone, never a bare spinner: someone deciding whether to
 * wait needs the numbers.
 */
function BackfillBanner({ freshness }: { freshness: SyncFreshness }) {
  const progress = describeProgress(freshness);
  const details = [progress.eta, progress.rate].filter(Boolean).join(", ");
  return (
    <section
      role="status"
      aria-label="Reading migrations"
      data-testid="sync-backfill"
      data-state={freshness.state}
      className="flex items-start gap-2 rounded-md border border-sky-300 bg-sky-50 px-3 py-2 text-sm text-sky-950 dark:border-sky-700 dark:bg-sky-950 dark:text-sky-50"
    >
      <SyncIcon kind="reading" />
      <div className="flex min-w-0 flex-1 flex-col gap-1.5">
        {/* Numbers that move at every refresh are not announced each time: a screen reader would repeat them every 10 s. */}
        <p aria-live="off">
          <strong className="font-semibold tabular-nums" data-testid="sync-progress">
            {progress.headline}
          </strong>
          {details ? (
            <span className="tabular-nums" data-testid="sync-eta">
              {" "}
              ({details})
            </span>
          ) : null}
        </p>
        {progress.fraction !== undefined ? (
          <div
            role="progressbar"
            aria-label="Migrations read"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(progress.fraction * 100)}
            className="h-1.5 w-full max-w-md overflow-hidden rounded-full bg-sky-200 dark:bg-sky-800"
          >
            <div
              className="h-full rounded-full bg-sky-700 transition-[width] dark:bg-sky-300"
              style={{ width: `${(progress.fraction * 100).toFixed(1)}%` }}
            />
          </div>
        ) : null}
        <p className="text-xs">
          This is the dashboard&apos;s first read of the Migrations API. Until it finishes, the list, the totals and the
          counts cover only the migrations read so far.
        </p>
      </div>
    </section>
  );
}

/**
 * The sync keeps failing: the rows on screen are the last good state, and this says how old that
 * state is and what went wrong, in the sync's own words (which never hold a key or a URL).
 */
function FailingNotice({ freshness, subject }: { freshness: SyncFreshness; subject: string }) {
  const hydrated = useHydrated();
  const now = useNow(1000);
  const syncedAt = freshness.synced_at;
  const error = freshness.last_error;
  // The failing began right after the last good read; with none, it has failed from the start.
  const since = syncedAt;
  return (
    <section
      role="alert"
      aria-label="Sync is failing"
      data-testid="sync-failing"
      className="flex items-start gap-2 rounded-md border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-600 dark:bg-amber-950 dark:text-amber-50"
    >
      <SyncIcon kind="failing" />
      <div className="flex min-w-0 flex-col gap-1">
        <p className="font-semibold">
          Sync is failing
          {since ? (
            <>
              {" "}
              since <LocalTime iso={since} />
              {/* Ticks every second: never announced (the alert would be read out again each time). */}
              {hydrated ? (
                <span className="font-normal" aria-live="off">
                  {" "}
                  ({formatAge(now - Date.parse(since))})
                </span>
              ) : null}
            </>
          ) : null}
          {" — "}
          {syncedAt ? (
            <>
              showing {subject} as of <LocalTime iso={syncedAt} testId="sync-as-of" />
            </>
          ) : (
            `no ${subject} could be read yet`
          )}
          {freshness.partial && syncedAt ? " (the first full read had not finished)" : null}
        </p>
        {error ? (
          <p data-testid="sync-last-error" className="break-words">
            Last error (<LocalTime iso={error.at} />
            ): {error.message}
          </p>
        ) : null}
        <p className="text-xs">The dashboard keeps retrying on its own; this notice goes away once a read succeeds.</p>
      </div>
    </section>
  );
}

/**
 * Whatever a reader should know about how current the mirror is; nothing when it is current.
 * `subject` names what is shown: "migrations" on the list, "this migration" on its page.
 */
export function SyncNotice({
  freshness,
  subject = "migrations",
}: {
  freshness: SyncFreshness | undefined;
  subject?: string;
}) {
  if (!freshness) return null;
  if (freshness.state === "failing") return <FailingNotice freshness={freshness} subject={subject} />;
  if (freshness.state === "starting" || freshness.state === "backfilling")
    return <BackfillBanner freshness={freshness} />;
  return null;
}
