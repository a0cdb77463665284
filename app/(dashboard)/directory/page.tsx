import type { Metadata } from "next";
import { type DirectoryRow, DirectoryTable } from "@/components/directory/directory-table";
import { EntryForm } from "@/components/directory/entry-form";
import { requireSession } from "@/lib/auth";
import { mirrorDatabase } from "@/lib/bff/mirror-access";
import { DIRECTORY_PAGE_LIMIT, directoryPageView } from "@/lib/directory/directory-view";

export const metadata: Metadata = { title: "Directory" };

function searchFrom(raw: string | string[] | undefined): string {
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? "";
  // Printable and bounded: it is matched with LIKE.
  return /^[^\p{Cc}]{0,200}$/u.test(value) ? value : "";
}

function Section({
  kind,
  title,
  total,
  rows,
  search,
}: {
  kind: "companies" | "users";
  title: string;
  total: number;
  rows: DirectoryRow[];
  search: string;
}) {
  const headingId = `directory-${kind}-heading`;
  return (
    <section aria-labelledby={headingId} className="flex min-w-0 flex-col gap-3">
      <h2 id={headingId} className="text-lg font-semibold">
        {title}{" "}
        <span className="font-normal text-slate-700 dark:text-slate-300">({total.toLocaleString("en-US")})</span>
      </h2>
      <div className="rounded-lg border border-slate-200 p-3 dark:border-slate-700">
        <EntryForm kind={kind} mode="add" />
      </div>
      {rows.length > 0 ? (
        <DirectoryTable kind={kind} rows={rows} />
      ) : (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {search ? `No ${kind} match "${search}".` : `No ${kind} yet: add one above, or import a file.`}
        </p>
      )}
      {total > rows.length ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Showing the first {DIRECTORY_PAGE_LIMIT.toLocaleString("en-US")} by name; search to find the others.
        </p>
      ) : null}
    </section>
  );
}

/** Names for the Migrations API's company and user ids: listed, searched, added and edited here. */
export default async function DirectoryPage({ searchParams }: PageProps<"/directory">) {
  const search = searchFrom((await searchParams).q);
  await requireSession(search ? `/directory?q=${encodeURIComponent(search)}` : "/directory");
  const view = await directoryPageView(await mirrorDatabase(), search);
  return (
    // Names, notes and ids are whatever people typed: a long unbroken one wraps rather than widening the page.
    <div className="flex min-w-0 flex-col gap-6 [overflow-wrap:anywhere]">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Directory</h1>
        <p className="max-w-3xl text-sm text-slate-700 dark:text-slate-300">
          The Migrations API knows companies and users by id only. The names here are shown beside those ids everywhere
          in the console. Many at once: <code>npm run directory -- import</code> (CSV or JSON), and <code>export</code>{" "}
          to get them back.
        </p>
      </div>
      <search>
        <form className="flex items-end gap-2" action="/directory">
          <div className="flex flex-col">
            <label htmlFor="directory-search" className="text-xs font-medium text-slate-700 dark:text-slate-300">
              Search names and ids
            </label>
            <input
              id="directory-search"
              name="q"
              defaultValue={search}
              className="mt-0.5 h-9 w-64 rounded-md border border-slate-300 bg-white px-2 text-sm focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-blue-600 dark:border-slate-600 dark:bg-slate-900"
            />
          </div>
          <button
            type="submit"
            className="h-9 rounded-md border border-slate-300 px-3 text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-blue-600 dark:border-slate-600 dark:hover:bg-slate-800"
          >
            Search
          </button>
        </form>
      </search>
      <Section
        kind="companies"
        title="Companies"
        total={view.companies.total}
        search={search}
        rows={view.companies.entries.map((entry) => ({
          id: entry.company_id,
          name: entry.name,
          details: { owner: entry.owner, notes: entry.notes },
          migrations: entry.migrations,
        }))}
      />
      <Section
        kind="users"
        title="Users"
        total={view.users.total}
        search={search}
        rows={view.users.entries.map((entry) => ({
          id: entry.user_id,
          name: entry.name,
          details: { email: entry.email },
          migrations: entry.migrations,
        }))}
      />
    </div>
  );
}
