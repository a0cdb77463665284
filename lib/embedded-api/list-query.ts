import { z } from "zod";
import { KNOWN_STATUSES } from "@/lib/migrations/statuses";
import { ApiError } from "./api-error";
import type { MigrationFilters, PageRequest } from "./migrations-store";

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 100;
/** Far beyond any real list; keeps OFFSET arithmetic inside safe integers. */
const MAX_PAGE = 1_000_000;

const positiveInteger = (max: number) =>
  z
    .string()
    .regex(/^[1-9][0-9]*$/, "must be a positive whole number")
    .transform(Number)
    .pipe(z.number().max(max, `must be at most ${max}`));

const identifier = z
  .string()
  .min(1, "must not be empty")
  .max(128, "must be at most 128 characters")
  .regex(/^[A-Za-z0-9_.:-]+$/, "may contain only letters, digits, '_', '.', ':' and '-'");

const statusList = z
  .string()
  .transform((value) => value.split(",").map((part) => part.trim()))
  .pipe(z.array(z.enum(KNOWN_STATUSES, { error: `must be one or more of ${KNOWN_STATUSES.join(", ")}` })));

export interface ListQuery {
  page: PageRequest;
  filters: MigrationFilters;
}

function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) throw new ApiError(400, "invalid_request", `${name} must be given once`, name);
  return values[0];
}

function parseParam<T>(schema: z.ZodType<T, string>, name: string, raw: string): T {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const reason = result.error.issues[0]?.message ?? "is invalid";
    throw new ApiError(400, "invalid_request", `${name} ${reason} (got "${raw.slice(0, 64)}")`, name);
  }
  return result.data;
}

/**
 * Reads `page`, `page_size` and, unless the contract is strict, the filter extensions.
 * Throws an ApiError (400) naming the first invalid parameter. Unknown parameters are ignored.
 */
export function parseListQuery(params: URLSearchParams, { strict }: { strict: boolean }): ListQuery {
  const rawPage = single(params, "page");
  const rawPageSize = single(params, "page_size");
  const page = rawPage === undefined ? 1 : parseParam(positiveInteger(MAX_PAGE), "page", rawPage);
  const pageSize =
    rawPageSize === undefined
      ? DEFAULT_PAGE_SIZE
      : parseParam(positiveInteger(MAX_PAGE_SIZE), "page_size", rawPageSize);

  if (strict) return { page: { page, pageSize }, filters: {} };

  const filters: MigrationFilters = {};
  const rawStatuses = params.getAll("status");
  if (rawStatuses.length > 0) {
    filters.statuses = [...new Set(rawStatuses.flatMap((raw) => parseParam(statusList, "status", raw)))];
  }
  const companyId = single(params, "company_id");
  if (companyId !== undefined) filters.companyId = parseParam(identifier, "company_id", companyId);
  const userId = single(params, "created_by_user_id");
  if (userId !== undefined) filters.createdByUserId = parseParam(identifier, "created_by_user_id", userId);
  return { page: { page, pageSize }, filters };
}
