import { z } from "zod";
import type { MigrationSort } from "./migration";

/**
 * The list view's parameters, shared by the BFF (`/api/migrations`) and the pages (`/migrations`):
 * the same names and rules in the URL bar and in the API.
 */
export const PAGE_SIZES = [10, 25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;
export const SORTS = ["-created", "created"] as const satisfies readonly MigrationSort[];
export const DEFAULT_SORT: MigrationSort = "-created";

/** Upstream ids are opaque strings; this keeps them printable, bounded and URL-safe. */
export const ID_FILTER_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
/** Status values, known or not: the dashboard can filter on statuses it has never heard of. */
export const STATUS_VALUE_PATTERN = /^[A-Z][A-Z0-9_]{0,63}$/;

export interface MigrationListParams {
  page: number;
  pageSize: (typeof PAGE_SIZES)[number];
  statuses: string[];
  companyId?: string;
  createdByUserId?: string;
  sort: MigrationSort;
}

export class InvalidListParamError extends Error {
  constructor(
    readonly param: string,
    message: string,
  ) {
    super(message);
    this.name = "InvalidListParamError";
  }
}

const pageSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,6}$/, "must be a whole number from 1")
  .transform(Number);
const pageSizeSchema = z
  .string()
  .transform(Number)
  .pipe(z.union(PAGE_SIZES.map((size) => z.literal(size))));
const idSchema = z.string().regex(ID_FILTER_PATTERN, "must be 1-128 letters, digits, '_', '.', ':' or '-'");
const statusSchema = z.string().regex(STATUS_VALUE_PATTERN, "must be status names like FAILED, comma-separated");
const sortSchema = z.enum(SORTS);

function one(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) throw new InvalidListParamError(name, `${name} must be given once`);
  return values[0];
}

function parse<T>(schema: z.ZodType<T, string>, name: string, raw: string, hint: string): T {
  const result = schema.safeParse(raw);
  if (!result.success) throw new InvalidListParamError(name, `${name} ${hint} (got "${raw.slice(0, 40)}")`);
  return result.data;
}

/** Reads list parameters strictly: anything invalid throws InvalidListParamError naming the parameter. */
export function parseMigrationListParams(params: URLSearchParams): MigrationListParams {
  const page = one(params, "page");
  const pageSize = one(params, "page_size");
  const companyId = one(params, "company_id");
  const userId = one(params, "created_by_user_id");
  const sort = one(params, "sort");
  const statuses = params
    .getAll("status")
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter(Boolean)
    .map((value) => parse(statusSchema, "status", value, "must be status names like FAILED, comma-separated"));
  return {
    page: page === undefined ? 1 : parse(pageSchema, "page", page, "must be a whole number from 1"),
    pageSize:
      pageSize === undefined
        ? DEFAULT_PAGE_SIZE
        : parse(pageSizeSchema, "page_size", pageSize, `must be one of ${PAGE_SIZES.join(", ")}`),
    statuses: [...new Set(statuses)],
    ...(companyId === undefined ? {} : { companyId: parse(idSchema, "company_id", companyId, "is not a valid id") }),
    ...(userId === undefined
      ? {}
      : { createdByUserId: parse(idSchema, "created_by_user_id", userId, "is not a valid id") }),
    sort: sort === undefined ? DEFAULT_SORT : parse(sortSchema, "sort", sort, "must be created or -created"),
  };
}
