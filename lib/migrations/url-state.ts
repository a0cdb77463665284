import {
  createLoader,
  createSerializer,
  type inferParserType,
  parseAsArrayOf,
  parseAsInteger,
  parseAsNumberLiteral,
  parseAsString,
  parseAsStringLiteral,
} from "nuqs/server";
import {
  DEFAULT_PAGE_SIZE,
  DEFAULT_SORT,
  ID_FILTER_PATTERN,
  isCreatedDay,
  type MigrationListParams,
  PAGE_SIZES,
  REASON_FILTER_PATTERN,
  SORTS,
  STATUS_VALUE_PATTERN,
} from "./list-options";

const idFilter = parseAsString.withDefault("");

/**
 * The list view's URL state: one parser set for the server page (createLoader) and the client
 * (useQueryStates). Invalid values are dropped (shown as "no filter") rather than breaking the page.
 */
export const migrationListParsers = {
  status: parseAsArrayOf(parseAsString, ",").withDefault([]),
  company_id: idFilter,
  created_by_user_id: idFilter,
  reason: parseAsString.withDefault(""),
  created_from: parseAsString.withDefault(""),
  created_to: parseAsString.withDefault(""),
  page: parseAsInteger.withDefault(1),
  page_size: parseAsNumberLiteral(PAGE_SIZES).withDefault(DEFAULT_PAGE_SIZE),
  sort: parseAsStringLiteral(SORTS).withDefault(DEFAULT_SORT),
};

export const loadMigrationListState = createLoader(migrationListParsers);
export const serializeMigrationListState = createSerializer(migrationListParsers);

export type MigrationListUrlState = inferParserType<typeof migrationListParsers>;

/** The URL state as valid list parameters: anything malformed is treated as absent. */
export function toListParams(state: MigrationListUrlState): MigrationListParams {
  const statuses = [...new Set(state.status.map((s) => s.trim()).filter((s) => STATUS_VALUE_PATTERN.test(s)))];
  return {
    page: Number.isSafeInteger(state.page) && state.page >= 1 ? state.page : 1,
    pageSize: state.page_size,
    statuses,
    ...(ID_FILTER_PATTERN.test(state.company_id) ? { companyId: state.company_id } : {}),
    ...(ID_FILTER_PATTERN.test(state.created_by_user_id) ? { createdByUserId: state.created_by_user_id } : {}),
    ...(REASON_FILTER_PATTERN.test(state.reason.trim()) ? { reason: state.reason.trim() } : {}),
    ...(isCreatedDay(state.created_from) ? { createdFrom: state.created_from } : {}),
    ...(isCreatedDay(state.created_to) ? { createdTo: state.created_to } : {}),
    sort: state.sort,
  };
}

/** The BFF query string for these parameters (the same names as the page URL). */
export function toBffQuery(params: MigrationListParams): string {
  const query = new URLSearchParams();
  if (params.page !== 1) query.set("page", String(params.page));
  query.set("page_size", String(params.pageSize));
  if (params.statuses.length > 0) query.set("status", params.statuses.join(","));
  if (params.companyId) query.set("company_id", params.companyId);
  if (params.createdByUserId) query.set("created_by_user_id", params.createdByUserId);
  if (params.reason) query.set("reason", params.reason);
  if (params.createdFrom) query.set("created_from", params.createdFrom);
  if (params.createdTo) query.set("created_to", params.createdTo);
  if (params.sort !== DEFAULT_SORT) query.set("sort", params.sort);
  return query.toString();
}

export function hasFilters(params: MigrationListParams): boolean {
  return (
    params.statuses.length > 0 ||
    params.companyId !== undefined ||
    params.createdByUserId !== undefined ||
    params.reason !== undefined ||
    params.createdFrom !== undefined ||
    params.createdTo !== undefined
  );
}
