import Link from "next/link";
import { deleteViewAction } from "@/app/(dashboard)/saved-view-actions";
import { type SavedView, viewHref } from "@/lib/saved-views/saved-view";

/**
 * The user's saved views, pinned to the navigation: a disclosure (no script needed to open it)
 * with a link per view and a way to delete it.
 */
export function ViewsMenu({ views }: { views: readonly SavedView[] }) {
  return (
    <details className="group relative" data-testid="views-menu">
      <summary className="cursor-pointer list-none rounded-md px-1 text-slate-700 hover:text-slate-950 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:text-slate-300 dark:hover:text-white">
        Views{views.length > 0 ? <span className="tabular-nums"> ({views.length})</span> : null}
        <span aria-hidden="true"> ▾</span>
      </summary>
      {/* On a phone it spans the screen (the summary can sit anywhere in the wrapped nav); wider, it hangs below. */}
      <div className="fixed inset-x-4 z-20 mt-2 rounded-md sm:absolute sm:inset-x-auto sm:left-0 sm:w-72 border border-slate-200 bg-white p-2 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900">
        {views.length === 0 ? (
          <p className="px-2 py-1 text-slate-600 dark:text-slate-400">
            No saved views yet. On Migrations, set filters and press “Save view”.
          </p>
        ) : (
          <ul className="flex flex-col">
            {views.map((view) => (
              <li key={view.id} className="flex items-center justify-between gap-2" data-testid="saved-view">
                <Link
                  href={viewHref(view)}
                  className="min-w-0 flex-1 truncate rounded px-2 py-1 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-600 dark:hover:bg-slate-800"
                >
                  {view.name}
                </Link>
                <form action={deleteViewAction}>
                  <input type="hidden" name="id" value={view.id} />
                  <button
                    type="submit"
                    aria-label={`Delete view “${view.name}”`}
                    title="Delete this view"
                    className="rounded px-2 py-1 text-slate-600 hover:bg-red-50 hover:text-red-800 focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-slate-400 dark:hover:bg-red-950 dark:hover:text-red-200"
                  >
                    ×
                  </button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </div>
    </details>
  );
}
