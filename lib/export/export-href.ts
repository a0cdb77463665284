import { DEFAULT_SORT } from "@/lib/migrations/list-options";
import type { ExportFilters, ExportFormat } from "./export-params";

// Apart from export-params.ts: the page builds this link, and the parser (with zod) stays off the page.
/** The export route's URL for the view on screen, in the same parameter names as the list. */
export function exportHref(filters: ExportFilters, format: ExportFormat, timeZone: string): string {
  const query = new URLSearchParams({ format });
  if (filters.statuses.length > 0) query.set("status", filters.statuses.join(","));
  if (filters.companyId) query.set("company_id", filters.companyId);
  if (filters.createdByUserId) query.set("created_by_user_id", filters.createdByUserId);
  if (filters.reason) query.set("reason", filters.reason);
  if (filters.createdFrom) query.set("created_from", filters.createdFrom);
  if (filters.createdTo) query.set("created_to", filters.createdTo);
  if (filters.sort !== DEFAULT_SORT) query.set("sort", filters.sort);
  query.set("tz", timeZone);
  return `/api/migrations/export?${query.toString()}`;
}
