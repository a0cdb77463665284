import { describe, expect, it } from "vitest";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { MAX_VIEWS_PER_USER } from "./saved-view";
import { deleteView, listSavedViews, saveView } from "./store";

const ANA = "ana@example.com";
const BO = "bo@example.com";

describe.each(TEST_ENGINES)("saved views (%s)", (engine) => {
  const app = appDatabasePerTest(engine);

  it("keeps each user's views apart, listed by name whatever the case", async () => {
    await saveView(app().db, ANA, "failed", "status=FAILED");
    await saveView(app().db, ANA, "Acme", "company_id=0123456789abcdef");
    await saveView(app().db, BO, "Mine", "status=WORKING");
    expect((await listSavedViews(app().db, ANA)).map((view) => [view.name, view.query])).toEqual([
      ["Acme", "company_id=0123456789abcdef"],
      ["failed", "status=FAILED"],
    ]);
    expect((await listSavedViews(app().db, BO)).map((view) => view.name)).toEqual(["Mine"]);
    expect(await listSavedViews(app().db, "nobody@example.com")).toEqual([]);
  });

  it("saving under a taken name replaces that view and keeps its id", async () => {
    const first = await saveView(app().db, ANA, "Failed", "status=FAILED");
    const again = await saveView(app().db, ANA, "Failed", "status=FAILED%2CCOMPLETED_WITH_FAILURES");
    if (!("saved" in first) || !("saved" in again)) throw new Error("both saves should succeed");
    expect(again.replaced).toBe(true);
    expect(again.saved.id).toBe(first.saved.id);
    expect(await listSavedViews(app().db, ANA)).toEqual([
      { id: first.saved.id, name: "Failed", query: "status=FAILED%2CCOMPLETED_WITH_FAILURES" },
    ]);
  });

  it(`refuses a new view past ${MAX_VIEWS_PER_USER} (a replacement still works), writing nothing`, async () => {
    for (let i = 0; i < MAX_VIEWS_PER_USER; i++) await saveView(app().db, ANA, `view ${i}`, `page_size=${i}`);
    expect(await saveView(app().db, ANA, "one more", "status=FAILED")).toEqual({ refused: "too_many" });
    expect(await listSavedViews(app().db, ANA)).toHaveLength(MAX_VIEWS_PER_USER);
    expect(await saveView(app().db, ANA, "view 3", "status=FAILED")).toMatchObject({ replaced: true });
    // Another user is not limited by Ana's views.
    expect(await saveView(app().db, BO, "one more", "status=FAILED")).toMatchObject({ replaced: false });
  });

  it("deletes only the owner's view", async () => {
    const saved = await saveView(app().db, ANA, "Failed", "status=FAILED");
    if (!("saved" in saved)) throw new Error("the save should succeed");
    expect(await deleteView(app().db, BO, saved.saved.id)).toBe(false);
    expect(await listSavedViews(app().db, ANA)).toHaveLength(1);
    expect(await deleteView(app().db, ANA, saved.saved.id)).toBe(true);
    expect(await deleteView(app().db, ANA, saved.saved.id)).toBe(false);
    expect(await listSavedViews(app().db, ANA)).toEqual([]);
  });
});
