"use client";

import { exportHref } from "@/lib/export/export-href";
import type { ExportFormat } from "@/lib/export/export-params";
import { useHydrated } from "@/lib/hooks/use-now";
import type { MigrationListParams } from "@/lib/migrations/list-options";

const ZONE = /^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/;

/** The browser's zone for the file's local times; UTC when it has none the server would accept. */
function browserTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone && ZONE.test(zone) ? zone : "UTC";
}

const LINK =
  "inline-flex h-9 items-center gap-1 rounded-md border border-slate-300 px-3 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-slate-600 dark:hover:bg-slate-800";

/**
 * Plain links to the export of the view on screen: every matching row, not just this page, streamed
 * by the server, so they work before hydration too (in UTC until the browser's zone is known).
 */
export function ExportLinks({ params, total }: { params: MigrationListParams; total: number | undefined }) {
  const hydrated = useHydrated();
  const timeZone = hydrated ? browserTimeZone() : "UTC";
  const { page: _page, pageSize: _pageSize, ...filters } = params;
  const what =
    total === undefined ? "all matching migrations" : `all ${total.toLocaleString("en-US")} matching migrations`;
  const link = (format: ExportFormat, label: string) => (
    <a
      href={exportHref(filters, format, timeZone)}
      download
      data-testid={`export-${format}`}
      title={`Download ${what} (every page) as ${format.toUpperCase()}`}
      className={LINK}
    >
      <span aria-hidden="true">⤓</span>
      {label}
    </a>
  );
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="export">
      {link("csv", "Download CSV")}
      {link("json", "Download JSON")}
    </div>
  );
}
