/**
 * The created range filter, when a link set one (the insights' charts link to the migrations of a
 * day or a range): there is no date picker yet, so the list says what it is limited to and offers
 * to remove it.
 */
export function CreatedRangeChip({ from, to, onClear }: { from?: string; to?: string; onClear(): void }) {
  if (from === undefined && to === undefined) return null;
  const text =
    from !== undefined && to !== undefined
      ? from === to
        ? `Created on ${from}`
        : `Created ${from} to ${to}`
      : from !== undefined
        ? `Created on or after ${from}`
        : `Created on or before ${to}`;
  return (
    <span
      data-testid="created-range"
      className="inline-flex h-9 items-center gap-2 rounded-md border border-slate-300 px-3 text-sm dark:border-slate-600"
    >
      {text} (UTC)
      <button
        type="button"
        onClick={onClear}
        aria-label="Remove the created date filter"
        className="rounded px-1 text-slate-600 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        ×
      </button>
    </span>
  );
}
