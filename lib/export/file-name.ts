import type { MigrationSort } from "@/lib/migrations/migration";
import type { ExportFilters, ExportFormat } from "./export-params";

/** How the file name says a sort other than the default (newest first). */
const SORT_NAMES: Record<MigrationSort, string | undefined> = {
  "-created": undefined,
  created: "oldest-first",
  status: "by-status",
  "-status": "by-status-desc",
  company: "by-company",
  "-company": "by-company-desc",
};

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

/** `created-2026-11-01-to-2026-11-29`: the days are file-name safe already (the parser takes no other shape). */
function createdRangeName({ createdFrom: from, createdTo: to }: ExportFilters): string | undefined {
  if (from !== undefined && to !== undefined) return `created-${from}-to-${to}`;
  if (from !== undefined) return `created-from-${from}`;
  if (to !== undefined) return `created-to-${to}`;
  return undefined;
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
  const range = createdRangeName(filters);
  if (range !== undefined) parts.push(range);
  const sortName = SORT_NAMES[filters.sort];
  if (sortName !== undefined) parts.push(sortName);
  parts.push(compactUtc(nowMs));
  return `${parts.join("_")}.${format}`;
}
