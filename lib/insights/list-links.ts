import { dayKey } from "./range";

/**
 * Links from the insights to the migrations list behind a number: the list's own URL parameters
 * (status, company_id, created_from/created_to as UTC days), so the list's total is the number shown.
 */
export function migrationsListHref(filter: {
  statuses?: readonly string[];
  companyId?: string;
  /** Days since the epoch (UTC), both included. */
  fromDay?: number;
  toDay?: number;
}): string {
  const query = new URLSearchParams();
  if (filter.statuses && filter.statuses.length > 0) query.set("status", filter.statuses.join(","));
  if (filter.companyId !== undefined) query.set("company_id", filter.companyId);
  if (filter.fromDay !== undefined) query.set("created_from", dayKey(filter.fromDay));
  if (filter.toDay !== undefined) query.set("created_to", dayKey(filter.toDay));
  const text = query.toString();
  return text ? `/migrations?${text}` : "/migrations";
}
