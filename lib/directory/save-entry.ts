import "server-only";
import type { Kysely } from "kysely";
import type { AppSchema } from "@/lib/db/schema";
import { type DirectoryKind, ENTRY_SCHEMAS, ID_COLUMN } from "./entries";
import { importEntries } from "./import-entries";
import { readEntries } from "./read-entries";

/** What a directory form's submission came to: shown next to the form. */
export interface SaveEntryResult {
  ok: boolean;
  message: string;
  /** Per field, what is wrong with it. */
  fieldErrors?: Record<string, string>;
  /**
   * The fields as submitted, for the form to show again: React resets a form after its action, and
   * a refused entry must not make the person type it all again.
   */
  values?: Record<string, string>;
}

/**
 * One entry from the directory page: every field checked as an import checks it; "add" refuses an
 * id that is already there (edit that entry instead), "edit" refuses one that is not.
 */
export async function saveDirectoryEntry(
  db: Kysely<AppSchema>,
  kind: DirectoryKind,
  mode: "add" | "edit",
  fields: Record<string, string>,
  nowMs = Date.now(),
): Promise<SaveEntryResult> {
  const parsed = ENTRY_SCHEMAS[kind].safeParse(fields);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "form");
      fieldErrors[field] ??= issue.message;
    }
    return { ok: false, message: "Nothing was saved: correct the fields marked.", fieldErrors };
  }
  const idColumn = ID_COLUMN[kind];
  const id = (parsed.data as Record<string, unknown>)[idColumn] as string;
  const [existing] = await readEntries(db, kind, { ids: [id] });
  if (mode === "add" && existing) {
    return {
      ok: false,
      message: `Nothing was saved: ${id} is already in the directory as "${existing.name}". Edit that entry instead.`,
      fieldErrors: { [idColumn]: "already in the directory" },
    };
  }
  if (mode === "edit" && !existing) {
    return { ok: false, message: `Nothing was saved: ${id} is no longer in the directory.` };
  }
  const plan = await importEntries(db, kind, [parsed.data], { nowMs });
  const entry = plan.added[0] ?? plan.changed[0]?.after;
  if (!entry) return { ok: true, message: `No change: ${id} already had these values.` };
  return { ok: true, message: `${mode === "add" ? "Added" : "Saved"} ${entry.name} (${id}).` };
}
