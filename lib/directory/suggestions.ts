/** A suggestion for the company or user filter: the id, its directory name, and its migrations in the mirror. */
export interface OwnerSuggestion {
  id: string;
  name: string | null;
  count: number;
}

export type OwnerKind = "company" | "user";

export interface OwnerSuggestionsView {
  data: OwnerSuggestion[];
}
