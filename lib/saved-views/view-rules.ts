import { z } from "zod";
import { loadMigrationListState, toBffQuery, toListParams } from "@/lib/migrations/url-state";
import { MAX_VIEW_NAME_LENGTH } from "./saved-view";

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
