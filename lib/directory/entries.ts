import { z } from "zod";
import { ID_FILTER_PATTERN } from "@/lib/migrations/list-options";

/**
 * What the directory holds: a name for each upstream id people care about. Shared by the import,
 * the export, the directory page's forms and the views that show names.
 */
export type DirectoryKind = "companies" | "users";

export interface CompanyEntry {
  company_id: string;
  name: string;
  owner: string | null;
  notes: string | null;
}

export interface UserEntry {
  user_id: string;
  name: string;
  email: string | null;
}

export type DirectoryEntry<K extends DirectoryKind> = K extends "companies" ? CompanyEntry : UserEntry;

/** The columns of each kind, id first then name: the order of a file's header and of the export. */
export const DIRECTORY_COLUMNS = {
  companies: ["company_id", "name", "owner", "notes"],
  users: ["user_id", "name", "email"],
} as const satisfies Record<DirectoryKind, readonly string[]>;

export const ID_COLUMN = { companies: "company_id", users: "user_id" } as const satisfies Record<DirectoryKind, string>;

/** Line breaks and tabs are fine in notes; other control characters are never meant. */
const NO_CONTROL_CHARACTERS = /^[^\p{Cc}]*$/u;
const NO_CONTROL_EXCEPT_LINE_BREAKS = /^(?:[^\p{Cc}]|[\t\n\r])*$/u;

const idSchema = z
  .string()
  .trim()
  .regex(
    ID_FILTER_PATTERN,
    "must be 1-128 letters, digits, '_', '.', ':' or '-' (the id as the Migrations API sends it)",
  );

const nameSchema = z
  .string()
  .trim()
  .min(1, "is required")
  .max(200, "must be at most 200 characters")
  .regex(NO_CONTROL_CHARACTERS, "must be one line of text");

/** An optional text: empty (or only spaces) means none. */
function optionalText(max: number, pattern: RegExp, hint: string) {
  return z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .regex(pattern, hint)
    .nullable()
    .transform((value) => (value ? value : null));
}

const ownerSchema = optionalText(200, NO_CONTROL_CHARACTERS, "must be one line of text");
const notesSchema = optionalText(2000, NO_CONTROL_EXCEPT_LINE_BREAKS, "must be text (line breaks allowed)");
const emailSchema = z
  .string()
  .trim()
  .max(254, "must be at most 254 characters")
  .nullable()
  .transform((value) => (value ? value : null))
  .pipe(z.email("must be an e-mail address like ana@example.com").nullable());

/**
 * One entry of each kind, every field checked. Optional fields may be absent: an import then leaves
 * what the directory holds for them as it is (a file with only `company_id,name` renames, and keeps
 * owners and notes); present but empty clears them.
 */
export const companyEntrySchema = z.strictObject({
  company_id: idSchema,
  name: nameSchema,
  owner: ownerSchema.optional(),
  notes: notesSchema.optional(),
});

export const userEntrySchema = z.strictObject({
  user_id: idSchema,
  name: nameSchema,
  email: emailSchema.optional(),
});

export type CompanyEntryInput = z.infer<typeof companyEntrySchema>;
export type UserEntryInput = z.infer<typeof userEntrySchema>;
export type DirectoryEntryInput<K extends DirectoryKind> = K extends "companies" ? CompanyEntryInput : UserEntryInput;

export const ENTRY_SCHEMAS = { companies: companyEntrySchema, users: userEntrySchema } as const;

/** The entry's id, whatever its kind. */
export function entryId(kind: DirectoryKind, entry: CompanyEntryInput | UserEntryInput): string {
  return kind === "companies" ? (entry as CompanyEntryInput).company_id : (entry as UserEntryInput).user_id;
}
