import { z } from "zod";
import { loadMigrationListState, toBffQuery, toListParams } from "@/lib/migrations/url-state";

/** What a user sees of one of their saved views. */
export interface SavedView {
  id: string;
  name: string;
  /** The list's query string (no page): `/migrations?${query}` opens it. */
  query: string;
}

export const MAX_VIEW_NAME_LENGTH = 60;
/** Enough for anyone's navigation; past it, saving asks to delete one first. */
export const MAX_VIEWS_PER_USER = 30;

export const viewNameSchema = z
  .string()
  .trim()
  .min(1, "Give the view a name.")
  .max(MAX_VIEW_NAME_LENGTH, `A view's name has at most ${MAX_VIEW_NAME_LENGTH} characters.`)
  // Control characters would render as nothing, or break a line in the navigation.
  .refine((name) => !/\p{Cc}/u.test(name), "A view's name cannot hold control characters.");

/**
 * The list's filters and sort as one canonical query string, whatever the URL held: parsed the way
 * the list page parses it (unknown or malformed values dropped), without the page (a view is a set
 * of filters, and opening it starts at page 1).
 */
export function canonicalViewQuery(search: string): string {
  const params = toListParams(loadMigrationListState(new URLSearchParams(search)));
  return toBffQuery({ ...params, page: 1 });
}

export function viewHref(view: Pick<SavedView, "query">): string {
  return view.query ? `/migrations?${view.query}` : "/migrations";
}
