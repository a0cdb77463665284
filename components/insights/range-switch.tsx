import Link from "next/link";

/** "7 days · 30 days · 90 days" as links (the range lives in the URL), the current one marked. */
export function RangeSwitch<Days extends number>({
  ranges,
  current,
  hrefFor,
}: {
  ranges: readonly Days[];
  current: Days;
  hrefFor: (days: Days) => string;
}) {
  return (
    <nav aria-label="Range" data-testid="range-switch">
      <ul className="inline-flex rounded-md border border-slate-300 text-sm dark:border-slate-600">
        {ranges.map((days) => (
          <li key={days} className="border-slate-300 not-first:border-l dark:border-slate-600">
            <Link
              href={hrefFor(days)}
              aria-current={days === current ? "page" : undefined}
              className={`inline-block px-3 py-1.5 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 ${
                days === current
                  ? "bg-slate-900 font-semibold text-white dark:bg-slate-100 dark:text-slate-900"
                  : "hover:bg-slate-100 dark:hover:bg-slate-800"
              }`}
            >
              {days} days
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
