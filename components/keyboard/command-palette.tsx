"use client";

import { Command } from "cmdk";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { fetchOwnerSuggestions } from "@/lib/directory/suggest-client";
import type { OwnerSuggestion } from "@/lib/directory/suggestions";
import { GO_TARGETS } from "@/lib/keyboard/shortcuts";
import { type SavedView, viewHref } from "@/lib/saved-views/saved-view";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Typing pauses this long before companies and users are looked up. */
const LOOKUP_DELAY_MS = 150;

interface Owners {
  search: string;
  companies: OwnerSuggestion[];
  users: OwnerSuggestion[];
}

/** Companies and users whose name contains the search or whose id starts with it (the filters' suggestions). */
function useOwnerLookup(search: string): Owners | undefined {
  const [owners, setOwners] = useState<Owners>();
  useEffect(() => {
    if (search.length < 2 || UUID.test(search)) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      Promise.all([
        fetchOwnerSuggestions("company", search, controller.signal),
        fetchOwnerSuggestions("user", search, controller.signal),
      ])
        .then(([companies, users]) => setOwners({ search, companies, users }))
        // Aborted by the next keystroke, or the server could not answer: pages and views still work.
        .catch(() => {});
    }, LOOKUP_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [search]);
  return owners?.search === search ? owners : undefined;
}

const countText = (count: number) => `${count.toLocaleString("en-US")} migration${count === 1 ? "" : "s"}`;

const itemClass =
  "flex cursor-pointer items-center justify-between gap-3 rounded px-3 py-2 text-sm data-[selected=true]:bg-slate-100 dark:data-[selected=true]:bg-slate-800";
const groupClass =
  "[&_[cmdk-group-heading]]:px-3 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-semibold [&_[cmdk-group-heading]]:uppercase [&_[cmdk-group-heading]]:tracking-wide [&_[cmdk-group-heading]]:text-slate-600 dark:[&_[cmdk-group-heading]]:text-slate-400";

/**
 * The palette's content (the dialog around it is the caller's): type to narrow; a pasted migration
 * id offers to open it; two letters or more look up companies (to their page) and users (to their
 * migrations) by name or id; pages and the user's saved views are one Enter away.
 */
export function CommandPalette({
  views,
  onDone,
  onShowShortcuts,
}: {
  views: readonly SavedView[];
  onDone: () => void;
  onShowShortcuts: () => void;
}) {
  const router = useRouter();
  const [search, setSearch] = useState("");
  const trimmed = search.trim();
  const owners = useOwnerLookup(trimmed);
  const input = useRef<HTMLInputElement>(null);
  // Loaded after the dialog opened (its code comes on demand): the field takes the focus itself.
  useEffect(() => {
    input.current?.focus();
  }, []);
  const go = (href: string) => {
    onDone();
    router.push(href);
  };

  return (
    <Command label="Command palette" className="flex flex-col" loop>
      <Command.Input
        ref={input}
        value={search}
        onValueChange={setSearch}
        placeholder="A migration id, a company or user, a page, a saved view…"
        data-autofocus
        className="h-12 w-full border-b border-slate-200 bg-transparent px-4 text-base outline-none placeholder:text-slate-500 dark:border-slate-700 dark:placeholder:text-slate-400"
      />
      <Command.List className="max-h-80 overflow-y-auto p-2" data-testid="palette-results">
        <Command.Empty className="px-3 py-6 text-center text-sm text-slate-600 dark:text-slate-400">
          Nothing matches. A migration id is its full UUID.
        </Command.Empty>
        {UUID.test(trimmed) ? (
          <Command.Group heading="Migration" className={groupClass}>
            <Command.Item
              value={`open migration ${trimmed}`}
              keywords={[trimmed]}
              onSelect={() => go(`/migrations/${trimmed.toLowerCase()}`)}
              className={itemClass}
            >
              <span>
                Open migration <span className="font-mono">{trimmed.toLowerCase()}</span>
              </span>
            </Command.Item>
          </Command.Group>
        ) : null}
        {owners && owners.companies.length > 0 ? (
          <Command.Group heading="Companies" className={groupClass}>
            {owners.companies.map((company) => (
              <Command.Item
                key={company.id}
                value={`company ${company.name ?? ""} ${company.id}`}
                // The server matched it already (by name or id prefix): it stays whatever cmdk's own scoring says.
                keywords={[owners.search]}
                onSelect={() => go(`/companies/${encodeURIComponent(company.id)}`)}
                className={itemClass}
              >
                <span className="min-w-0 truncate">
                  {company.name ?? <span className="font-mono">{company.id}</span>}
                  {company.name ? (
                    <span className="ml-2 font-mono text-xs text-slate-600 dark:text-slate-400">{company.id}</span>
                  ) : null}
                </span>
                <span className="shrink-0 text-xs text-slate-600 dark:text-slate-400">{countText(company.count)}</span>
              </Command.Item>
            ))}
          </Command.Group>
        ) : null}
        {owners && owners.users.length > 0 ? (
          <Command.Group heading="Users" className={groupClass}>
            {owners.users.map((user) => (
              <Command.Item
                key={user.id}
                value={`user ${user.name ?? ""} ${user.id}`}
                keywords={[owners.search]}
                onSelect={() => go(`/migrations?created_by_user_id=${encodeURIComponent(user.id)}`)}
                className={itemClass}
              >
                <span className="min-w-0 truncate">
                  {user.name ?? <span className="font-mono">{user.id}</span>}
                  {user.name ? (
                    <span className="ml-2 font-mono text-xs text-slate-600 dark:text-slate-400">{user.id}</span>
                  ) : null}
                </span>
                <span className="shrink-0 text-xs text-slate-600 dark:text-slate-400">{countText(user.count)}</span>
              </Command.Item>
            ))}
          </Command.Group>
        ) : null}
        {views.length > 0 ? (
          <Command.Group heading="Saved views" className={groupClass}>
            {views.map((view) => (
              <Command.Item
                key={view.id}
                value={`view ${view.name} ${view.id}`}
                keywords={[view.name]}
                onSelect={() => go(viewHref(view))}
                className={itemClass}
              >
                <span className="truncate">{view.name}</span>
                <span className="text-xs text-slate-600 dark:text-slate-400">saved view</span>
              </Command.Item>
            ))}
          </Command.Group>
        ) : null}
        <Command.Group heading="Pages" className={groupClass}>
          {Object.entries(GO_TARGETS).map(([key, target]) => (
            <Command.Item
              key={target.href}
              value={`page ${target.label}`}
              keywords={[target.label]}
              onSelect={() => go(target.href)}
              className={itemClass}
            >
              <span>{target.label}</span>
              <kbd className="text-xs text-slate-600 dark:text-slate-400">g {key}</kbd>
            </Command.Item>
          ))}
          <Command.Item
            value="keyboard shortcuts help"
            onSelect={() => {
              onDone();
              onShowShortcuts();
            }}
            className={itemClass}
          >
            <span>Keyboard shortcuts</span>
            <kbd className="text-xs text-slate-600 dark:text-slate-400">?</kbd>
          </Command.Item>
        </Command.Group>
      </Command.List>
    </Command>
  );
}
