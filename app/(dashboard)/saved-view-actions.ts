"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireSession } from "@/lib/auth";
import { mirrorDatabase } from "@/lib/bff/mirror-access";
import { viewOwner } from "@/lib/saved-views/owner";
import { MAX_VIEWS_PER_USER } from "@/lib/saved-views/saved-view";
import { deleteView, saveView } from "@/lib/saved-views/store";
import { canonicalViewQuery, viewNameSchema } from "@/lib/saved-views/view-rules";

export type SaveViewState = { error?: string; saved?: { name: string; replaced: boolean } };

const saveForm = z.object({ name: viewNameSchema, query: z.string().max(2_000, "This view's filters are too long.") });

/** Saves the list's current filters under a name, for the signed-in user (a form's action). */
export async function saveViewAction(_previous: SaveViewState, form: FormData): Promise<SaveViewState> {
  const owner = viewOwner(await requireSession());
  if (!owner) return { error: "Views are kept per e-mail address, and this account has none." };
  const parsed = saveForm.safeParse({ name: form.get("name") ?? "", query: form.get("query") ?? "" });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "This view could not be saved." };
  const outcome = await saveView(
    await mirrorDatabase(),
    owner,
    parsed.data.name,
    canonicalViewQuery(parsed.data.query),
  );
  if ("refused" in outcome) {
    return { error: `You have ${MAX_VIEWS_PER_USER} views already: delete one first (Views menu).` };
  }
  revalidatePath("/", "layout");
  return { saved: { name: outcome.saved.name, replaced: outcome.replaced } };
}

/** Deletes one of the signed-in user's views (a form's action). */
export async function deleteViewAction(form: FormData): Promise<void> {
  const owner = viewOwner(await requireSession());
  const id = z.uuid().safeParse(form.get("id"));
  if (!owner || !id.success) return;
  await deleteView(await mirrorDatabase(), owner, id.data);
  revalidatePath("/", "layout");
}
