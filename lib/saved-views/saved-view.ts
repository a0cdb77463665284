/**
 * A saved view as the browser sees it. Kept free of zod and the URL parsers (see view-rules.ts):
 * the header and the palette import it on every page.
 */
export interface SavedView {
  id: string;
  name: string;
  /** The list's query string (no page): `/migrations?${query}` opens it. */
  query: string;
}

export const MAX_VIEW_NAME_LENGTH = 60;
/** Enough for anyone's navigation; past it, saving asks to delete one first. */
export const MAX_VIEWS_PER_USER = 30;

export function viewHref(view: Pick<SavedView, "query">): string {
  return view.query ? `/migrations?${view.query}` : "/migrations";
}
