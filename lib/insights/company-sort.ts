/** How the companies list can be sorted: a column, descending with a leading "-" (like the list's `-created`). */
export const COMPANY_SORT_KEYS = ["migrations", "failures", "failure_rate", "last_activity"] as const;
export type CompanySortKey = (typeof COMPANY_SORT_KEYS)[number];
export const COMPANY_SORTS = COMPANY_SORT_KEYS.flatMap((key) => [`-${key}`, key] as const);
export type CompanySort = (typeof COMPANY_SORTS)[number];
export const DEFAULT_COMPANY_SORT: CompanySort = "-migrations";
export const COMPANIES_PAGE_SIZE = 25;

export function sortKeyOf(sort: CompanySort): { key: CompanySortKey; descending: boolean } {
  const descending = sort.startsWith("-");
  return { key: (descending ? sort.slice(1) : sort) as CompanySortKey, descending };
}
