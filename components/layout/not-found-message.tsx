import Link from "next/link";

/** The 404 message, shared by the root not-found page and the one inside the dashboard. */
export function NotFoundMessage() {
  return (
    <>
      <p className="text-sm font-semibold text-slate-600 dark:text-slate-400">404</p>
      <h1 className="text-2xl font-semibold tracking-tight" data-testid="not-found">
        Not found
      </h1>
      <p className="text-slate-700 dark:text-slate-300">
        There is no such migration, or it belongs to another organization. Check the id, or look for it in the list.
      </p>
      <Link
        href="/migrations"
        className="mt-2 rounded-md bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600"
      >
        All migrations
      </Link>
    </>
  );
}
