import Link from "next/link";
import type { ReactNode } from "react";

export const linkClass =
  "text-blue-800 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:text-blue-300";

/**
 * One chart with its title, what it counts, the link to the list behind it, and its table
 * alternative in a <details> (a native disclosure: keyboard and screen readers need nothing more).
 */
export function ChartFrame({
  id,
  title,
  description,
  listHref,
  listLabel,
  chart,
  table,
  empty,
}: {
  id: string;
  title: string;
  description: ReactNode;
  listHref: string;
  listLabel: string;
  chart: ReactNode;
  table: ReactNode;
  /** Said instead of the chart when there is nothing to draw. */
  empty?: string;
}) {
  return (
    <section
      aria-labelledby={`${id}-heading`}
      data-testid={`chart-${id}`}
      className="flex min-w-0 flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id={`${id}-heading`} className="text-lg font-semibold">
          {title}
        </h2>
        <Link href={listHref} className={`text-sm ${linkClass}`} data-testid="chart-list-link">
          {listLabel}
        </Link>
      </div>
      <p className="text-sm text-slate-700 dark:text-slate-300">{description}</p>
      {empty ? (
        <p
          className="rounded-md bg-slate-50 px-3 py-6 text-center text-sm text-slate-700 dark:bg-slate-800 dark:text-slate-200"
          data-testid="chart-empty"
        >
          {empty}
        </p>
      ) : (
        // The chart is a picture of the table below: hidden from screen readers, who get the table.
        <div aria-hidden="true" className="min-w-0">
          {chart}
        </div>
      )}
      <details className="text-sm" data-testid="chart-table">
        <summary className="cursor-pointer rounded text-blue-800 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-300">
          Show as a table
        </summary>
        <div className="mt-2 max-w-full overflow-x-auto">{table}</div>
      </details>
    </section>
  );
}

export function DataTable({ caption, head, children }: { caption: string; head: ReactNode; children: ReactNode }) {
  return (
    <table className="w-full border-collapse text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <thead className="border-b border-slate-200 text-slate-700 dark:border-slate-700 dark:text-slate-300">
        <tr>{head}</tr>
      </thead>
      <tbody className="divide-y divide-slate-100 dark:divide-slate-800">{children}</tbody>
    </table>
  );
}

export const cellClass = "px-2 py-1 whitespace-nowrap";
export const numberCellClass = "px-2 py-1 text-right tabular-nums whitespace-nowrap";
