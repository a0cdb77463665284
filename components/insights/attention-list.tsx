import Link from "next/link";
import { LocalTime } from "@/components/migrations/local-time";
import { StatusBadge } from "@/components/migrations/status-badge";
import type { AttentionList as AttentionListData, AttentionMigration } from "@/lib/insights/company-review";
import { formatDuration } from "@/lib/migrations/format-time";
import { linkClass } from "./chart-frame";

/**
 * One "needs attention" group of the company page: how many, the first few with what matters for
 * each (`detail`), and the link to all of them in the list.
 */
export function AttentionList({
  id,
  title,
  list,
  listHref,
  detail,
  empty,
  listLabel,
}: {
  id: string;
  title: string;
  list: AttentionListData;
  listHref: string;
  detail: (migration: AttentionMigration) => string;
  empty: string;
  /** The link's words when the list behind it holds more than these (default: "All N in the list"). */
  listLabel?: string;
}) {
  return (
    <section aria-labelledby={`${id}-heading`} data-testid={`attention-${id}`} className="flex min-w-0 flex-col gap-2">
      <h3 id={`${id}-heading`} className="font-semibold">
        {title} <span data-testid="attention-count">({list.total.toLocaleString("en-US")})</span>
      </h3>
      {list.total === 0 ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">{empty}</p>
      ) : (
        <>
          <ul className="flex flex-col divide-y divide-slate-100 text-sm dark:divide-slate-800">
            {list.migrations.map((migration) => (
              <li key={migration.id} className="flex min-w-0 flex-col gap-0.5 py-2" data-testid="attention-item">
                <span className="flex flex-wrap items-center gap-2">
                  <StatusBadge status={migration.status} />
                  <Link
                    href={`/migrations/${migration.id}`}
                    className={`font-mono text-xs ${linkClass}`}
                    title={migration.id}
                  >
                    {migration.id.slice(0, 8)}
                  </Link>
                  <span className="text-xs text-slate-600 dark:text-slate-400">
                    created <LocalTime iso={new Date(migration.createdMs).toISOString()} />
                  </span>
                </span>
                <span className="break-words text-slate-800 dark:text-slate-200" data-testid="attention-detail">
                  {detail(migration)}
                </span>
              </li>
            ))}
          </ul>
          <Link href={listHref} className={`text-sm ${linkClass}`}>
            {listLabel ?? `All ${list.total.toLocaleString("en-US")} in the list`}
          </Link>
        </>
      )}
    </section>
  );
}

/** "waiting 3 d 4 h" from when the status was seen to begin, or "created 3 d ago, waiting since at least then". */
export function waitedFor(migration: AttentionMigration, nowMs: number): string {
  if (migration.statusSinceMs !== undefined) return `Waiting for ${formatDuration(nowMs - migration.statusSinceMs)}`;
  return `Waiting since before it was first seen; created ${formatDuration(nowMs - migration.createdMs)} ago`;
}
