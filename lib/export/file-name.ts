import type { ExportFilters, ExportFormat } from "./export-params";

/** File names keep to letters, digits, `.`, `_`, `+` and `-` (ids may hold `:`, which some systems refuse). */
function slug(value: string, max: number): string {
  return value
    .replace(/[^A-Za-z0-9._+-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, max);
}

/** `2026-11-29T2215Z`: minutes are enough to tell two downloads apart, and it sorts. */
function compactUtc(nowMs: number): string {
  const iso = new Date(nowMs).toISOString();
  return `${iso.slice(0, 13)}${iso.slice(14, 16)}Z`;
}

/**
 * Says the filter and the time: `migrations_status-FAILED_company-abc_2026-11-29T2215Z.csv`, so
 * several exports side by side in a downloads folder can be told apart without opening them.
 */
export function exportFileName(filters: ExportFilters, format: ExportFormat, nowMs: number): string {
  const parts = ["migrations"];
  if (filters.statuses.length > 0) parts.push(`status-${slug(filters.statuses.join("+"), 80)}`);
  if (filters.companyId !== undefined) parts.push(`company-${slug(filters.companyId, 64)}`);
  if (filters.createdByUserId !== undefined) parts.push(`user-${slug(filters.createdByUserId, 64)}`);
  if (filters.reason !== undefined) parts.push(`reason-${slug(filters.reason, 40) || "text"}`);
  if (filters.sort === "created") parts.push("oldest-first");
  parts.push(compactUtc(nowMs));
  return `${parts.join("_")}.${format}`;
}
