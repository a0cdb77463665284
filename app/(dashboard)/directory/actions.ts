"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { auth } from "@/lib/auth";
import { mirrorDatabase } from "@/lib/bff/mirror-access";
import { DIRECTORY_COLUMNS } from "@/lib/directory/entries";
import { type SaveEntryResult, saveDirectoryEntry } from "@/lib/directory/save-entry";

const formShape = z.object({ kind: z.enum(["companies", "users"]), mode: z.enum(["add", "edit"]) });

/**
 * The directory page's add and edit forms. A server action: Next refuses one posted from another
 * origin (the proxy checks first, see README "Protection in depth"), and the session is checked here
 * again like every BFF handler does.
 */
export async function saveDirectoryEntryAction(
  _previous: SaveEntryResult | undefined,
  form: FormData,
): Promise<SaveEntryResult> {
  const session = await auth();
  if (!session?.user) return { ok: false, message: "Your session has ended: sign in again, then save." };
  const shape = formShape.safeParse({ kind: form.get("kind"), mode: form.get("mode") });
  if (!shape.success) return { ok: false, message: "This form is not one the directory page sends." };
  const { kind, mode } = shape.data;
  const fields: Record<string, string> = {};
  for (const column of DIRECTORY_COLUMNS[kind]) {
    const value = form.get(column);
    if (typeof value === "string") fields[column] = value;
  }
  const result = await saveDirectoryEntry(await mirrorDatabase(), kind, mode, fields);
  if (result.ok) revalidatePath("/directory");
  // A new entry's form empties once added; anything else shows what was sent.
  return result.ok && mode === "add" ? result : { ...result, values: fields };
}
