"use client";

import { useHydrated, useNow } from "@/lib/hooks/use-now";
import { formatLocal, formatRelative, formatUtc } from "@/lib/migrations/format-time";
import type { Migration } from "@/lib/migrations/migration";

/**
 * When a migration was created, in the viewer's zone, with its age; the UTC time and the
 * upstream's raw value are in the tooltip. Rendered in the browser only (the server does not
 * know the viewer's zone); the server HTML holds the UTC value meanwhile.
 */
export function CreatedTime({ migration, showRelative = true }: { migration: Migration; showRelative?: boolean }) {
  const hydrated = useHydrated();
  const now = useNow(15_000);
  const utc = formatUtc(migration.created);
  const tooltip = `${utc}\nISO: ${migration.createdRaw}`;
  return (
    <time
      dateTime={migration.created}
      title={tooltip}
      data-testid="created-time"
      className="inline-block whitespace-nowrap sm:min-w-[17rem]"
    >
      <span data-testid="created-local">{hydrated ? formatLocal(migration.created) : utc}</span>
      {showRelative && hydrated ? (
        <span className="ml-1.5 hidden text-xs text-slate-600 sm:inline dark:text-slate-400">
          {formatRelative(migration.created, now)}
        </span>
      ) : null}
      <span className="sr-only">, {utc}</span>
    </time>
  );
}
