import * as z from "zod/mini";

/**
 * What the BFF answers, shared by the BFF (which builds it) and the browser (which validates it:
 * the client trusts nothing it did not check). zod/mini keeps this small in the client bundle.
 */
const migrationShape = z.object({
  id: z.string(),
  created: z.string(),
  createdRaw: z.string(),
  status: z.string(),
  createdByUserId: z.string(),
  companyId: z.nullable(z.string()),
});

export const migrationListViewSchema = z.object({
  data: z.array(migrationShape),
  page: z.number(),
  page_size: z.number(),
  total: z.number(),
  counts: z.record(z.string(), z.number()),
  as_of: z.string(),
  source: z.enum(["upstream", "index"]),
});

export const migrationDetailViewSchema = z.object({
  data: migrationShape,
  as_of: z.string(),
});

export const bffErrorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), param: z.optional(z.string()) }),
});

export type MigrationListView = z.infer<typeof migrationListViewSchema>;
export type MigrationDetailView = z.infer<typeof migrationDetailViewSchema>;
