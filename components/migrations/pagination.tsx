"use client";

import { useHydrated } from "@/lib/hooks/use-now";
import { PAGE_SIZES } from "@/lib/migrations/list-options";
import type { SyncFreshness } from "@/lib/migrations/views";
import { PartialMark } from "./partial-mark";

/** 1 … 4 5 [6] 7 8 … 20 */
function pageNumbers(current: number, last: number): Array<number | "gap"> {
  const pages = new Set([1, last, current - 1, current, current + 1].filter((p) => p >= 1 && p <= last));
  const sorted = [...pages].sort((a, b) => a - b);
  const out: Array<number | "gap"> = [];
  for (const page of sorted) {
    const previous = out.at(-1);
    if (typeof previous === "number" && page - previous > 1) out.push("gap");
    out.push(page);
  }
  return out;
}

const buttonClass =
  "inline-flex h-8 min-w-8 items-center justify-center rounded-md border border-slate-300 px-2 text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-600 dark:hover:bg-slate-800";

export function Pagination({
  page,
  pageSize,
  total,
  onPage,
  onPageSize,
  freshness,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPage: (page: number) => void;
  onPageSize: (size: (typeof PAGE_SIZES)[number]) => void;
  freshness?: SyncFreshness;
}) {
  // Until hydrated, a change would be replayed against the reset value and lost: wait for React.
  const hydrated = useHydrated();
  const last = Math.max(1, Math.ceil(total / pageSize));
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const end = Math.min(page * pageSize, total);
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="inline-flex flex-wrap items-center gap-2 text-slate-700 dark:text-slate-300">
        <span data-testid="showing">
          Showing {first.toLocaleString("en-US")}–{end.toLocaleString("en-US")} of {total.toLocaleString("en-US")}
        </span>
        <PartialMark freshness={freshness} />
      </p>
      <div className="flex flex-wrap items-center gap-1">
        <button type="button" className={buttonClass} disabled={page <= 1} onClick={() => onPage(page - 1)}>
          ‹ <span className="sr-only">Previous page</span>
        </button>
        {pageNumbers(Math.min(page, last), last).map((entry, index) =>
          entry === "gap" ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: gaps have no identity of their own.
            <span key={`gap-${index}`} aria-hidden="true" className="px-1 text-slate-500">
              …
            </span>
          ) : (
            <button
              key={entry}
              type="button"
              className={`${buttonClass} ${entry === page ? "border-blue-700 bg-blue-700 text-white hover:bg-blue-800 dark:border-blue-400 dark:bg-blue-500 dark:text-slate-950" : ""}`}
              aria-current={entry === page ? "page" : undefined}
              aria-label={`Page ${entry}`}
              onClick={() => onPage(entry)}
            >
              {entry}
            </button>
          ),
        )}
        <button type="button" className={buttonClass} disabled={page >= last} onClick={() => onPage(page + 1)}>
          › <span className="sr-only">Next page</span>
        </button>
        <label className="ml-2 inline-flex items-center gap-1 text-slate-700 dark:text-slate-300">
          Per page
          <select
            value={pageSize}
            disabled={!hydrated}
            data-testid="page-size"
            onChange={(event) => onPageSize(Number(event.target.value) as (typeof PAGE_SIZES)[number])}
            className="h-8 rounded-md border border-slate-300 bg-white px-1 dark:border-slate-600 dark:bg-slate-900"
          >
            {PAGE_SIZES.map((size) => (
              <option key={size} value={size}>
                {size}
              </option>
            ))}
          </select>
        </label>
      </div>
    </nav>
  );
}
