import { z } from "zod";
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
const reasonSchema = z.string().trim().regex(REASON_FILTER_PATTERN);
const createdDaySchema = z.string().refine(isCreatedDay);

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
  const reason = one(params, "reason");
  const createdFrom = one(params, "created_from");
  const createdTo = one(params, "created_to");
  const dayHint = "must be a day like 2026-11-29 (UTC)";
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
    ...(reason === undefined
      ? {}
      : {
          reason: parse(reasonSchema, "reason", reason, "must be 1-200 characters of text, without control characters"),
        }),
    ...(createdFrom === undefined
      ? {}
      : { createdFrom: parse(createdDaySchema, "created_from", createdFrom, dayHint) }),
    ...(createdTo === undefined ? {} : { createdTo: parse(createdDaySchema, "created_to", createdTo, dayHint) }),
    sort: sort === undefined ? DEFAULT_SORT : parse(sortSchema, "sort", sort, `must be one of ${SORTS.join(", ")}`),
  };
}
