import { z } from "zod";
import { DOCUMENTED_STATUSES } from "@/lib/migrations/statuses";

/**
 * The embedded API's response shapes. They are the single source for the OpenAPI document,
 * and the serializer's types come from them, so the document cannot drift from the code.
 */
export const NAIVE_UTC_MICROS_PATTERN = "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}$";

export const migrationSchema = z.strictObject({
  object: z.literal("migration"),
  id: z.uuid().describe("The unique identifier for the migration."),
  created: z
    .string()
    .regex(new RegExp(NAIVE_UTC_MICROS_PATTERN))
    .describe("When the migration was created: ISO 8601 in UTC without a zone, microsecond precision."),
  status: z.enum(DOCUMENTED_STATUSES),
  created_by_user_id: z.string().describe("The end user who initiated the migration."),
  company_id: z.string().nullable().describe("The company the migration belongs to, if any."),
});

export const migrationListSchema = z.strictObject({
  object: z.literal("list"),
  data: z.array(migrationSchema),
  page: z.int().min(1),
  page_size: z.int().min(1).max(100),
  total: z.int().min(0).describe("How many migrations match, over all pages."),
  has_more: z.boolean().describe("Whether a later page has migrations."),
});

export const errorTypes = [
  "invalid_request",
  "authentication_error",
  "not_found",
  "method_not_allowed",
  "internal_error",
] as const;

export const errorSchema = z.strictObject({
  error: z.strictObject({
    type: z.enum(errorTypes),
    message: z.string(),
    param: z.string().optional().describe("The query parameter that was invalid, for invalid_request."),
  }),
});

export type MigrationResource = z.infer<typeof migrationSchema>;
export type MigrationList = z.infer<typeof migrationListSchema>;
export type ErrorType = (typeof errorTypes)[number];
export type ErrorBody = z.infer<typeof errorSchema>;
