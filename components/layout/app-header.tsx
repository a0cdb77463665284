import Link from "next/link";
import { signOutAction } from "@/app/(dashboard)/actions";
import type { SavedView } from "@/lib/saved-views/saved-view";
import { CommandMenu } from "../keyboard/command-menu";
import { ViewsMenu } from "../saved-views/views-menu";
import { ThemeToggle } from "../theme/theme-toggle";
import { NavLink } from "./nav-link";

export function AppHeader({
  user,
  views,
}: {
  user: { name?: string | null; email?: string | null };
  views: readonly SavedView[];
}) {
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3">
        <div className="flex flex-wrap items-center gap-x-6 gap-y-2">
          <Link href="/migrations" className="font-semibold tracking-tight">
            Migration Console
          </Link>
          <nav aria-label="Main">
            <ul className="flex flex-wrap items-center gap-x-4 gap-y-1">
              <li>
                <NavLink href="/migrations">Migrations</NavLink>
              </li>
              <li>
                <NavLink href="/companies">Companies</NavLink>
              </li>
              <li>
                <NavLink href="/insights">Insights</NavLink>
              </li>
              <li>
                <NavLink href="/alerts">Alerts</NavLink>
              </li>
              <li>
                <NavLink href="/directory">Directory</NavLink>
              </li>
              <li className="text-sm">
                <ViewsMenu views={views} />
              </li>
            </ul>
          </nav>
        </div>
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <CommandMenu views={views} />
          <ThemeToggle />
          <span data-testid="signed-in-user" className="text-slate-700 dark:text-slate-300">
            {user.name ?? user.email}
            {user.name && user.email ? <span className="sr-only"> ({user.email})</span> : null}
          </span>
          <form action={signOutAction}>
            <button
              type="submit"
              className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-slate-600 dark:hover:bg-slate-800"
            >
              Sign out
            </button>
          </form>
        </div>
      </div>
    </header>
  );
}
