import { z } from "zod";
import type { MigrationListParams } from "@/lib/migrations/list-options";
import { InvalidListParamError, parseMigrationListParams } from "@/lib/migrations/list-params";

export const EXPORT_FORMATS = ["csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The list's filters and sort: an export is the list view without its page. */
export type ExportFilters = Omit<MigrationListParams, "page" | "pageSize">;

export interface ExportRequest {
  filters: ExportFilters;
  format: ExportFormat;
  /** An IANA zone the local times are written in: the browser's own, sent by the page. */
  timeZone: string;
}

/** Whether this runtime's Intl knows the zone (the list of zones differs between ICU versions). */
function isKnownTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const formatSchema = z.enum(EXPORT_FORMATS);
// Shape first, so that Intl only ever sees short, plain names.
const timeZoneSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/)
  .refine(isKnownTimeZone);

function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) throw new InvalidListParamError(name, `${name} must be given once`);
  return values[0];
}

/**
 * Reads an export request strictly, with the list's own parser for the filters and sort (so the
 * export is exactly the view on screen), plus `format` and `tz`. A page or page size is ignored:
 * the export has every matching row.
 */
export function parseExportRequest(params: URLSearchParams): ExportRequest {
  const { page: _page, pageSize: _pageSize, ...filters } = parseMigrationListParams(params);
  const format = formatSchema.safeParse(single(params, "format") ?? "csv");
  if (!format.success) throw new InvalidListParamError("format", "format must be csv or json");
  const tz = single(params, "tz") ?? "UTC";
  const timeZone = timeZoneSchema.safeParse(tz);
  if (!timeZone.success) {
    throw new InvalidListParamError("tz", `tz must be an IANA time zone like Europe/Paris (got "${tz.slice(0, 40)}")`);
  }
  return { filters, format: format.data, timeZone: timeZone.data };
}
