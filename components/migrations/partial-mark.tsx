import { partialMark } from "@/lib/migrations/freshness-format";
import type { SyncFreshness } from "@/lib/migrations/views";

/** Next to a total or a count that covers only what the first full read has reached so far. */
export function PartialMark({ freshness }: { freshness: SyncFreshness | undefined }) {
  if (!freshness?.partial) return null;
  return (
    <span
      data-testid="partial-mark"
      title="The dashboard has not finished its first read of the Migrations API: more migrations may exist."
      className="inline-flex items-center gap-1 whitespace-nowrap rounded-full border border-dashed border-sky-500 px-2 py-0.5 text-xs font-medium text-sky-900 dark:border-sky-400 dark:text-sky-100"
    >
      <span aria-hidden="true">◔</span>
      {partialMark(freshness)}
    </span>
  );
}
