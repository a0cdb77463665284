import { describe, expect, it } from "vitest";
import type { AppDialect } from "@/lib/db/dialect";
import { recordObservedMigrations } from "@/lib/mirror/record-observations";
import { mirrorTestMigration } from "@/lib/mirror/testing";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { directoryPageView } from "./directory-view";
import { readEntries } from "./read-entries";
import { saveDirectoryEntry } from "./save-entry";

describe.each(TEST_ENGINES)("the directory page (%s)", (engine: AppDialect) => {
  const database = appDatabasePerTest(engine);

  it("adds an entry, refuses adding the same id twice, edits it, and clears an emptied field", async () => {
    const db = database().db;
    const added = await saveDirectoryEntry(db, "companies", "add", {
      company_id: "acme",
      name: " Acme ",
      owner: "Ana",
      notes: "",
    });
    expect(added).toEqual({ ok: true, message: "Added Acme (acme)." });
    const twice = await saveDirectoryEntry(db, "companies", "add", { company_id: "acme", name: "Other" });
    expect(twice.ok).toBe(false);
    expect(twice.fieldErrors).toEqual({ company_id: "already in the directory" });
    const edited = await saveDirectoryEntry(db, "companies", "edit", {
      company_id: "acme",
      name: "Acme Corp",
      owner: "",
      notes: "VIP",
    });
    expect(edited).toEqual({ ok: true, message: "Saved Acme Corp (acme)." });
    expect(await readEntries(db, "companies")).toEqual([
      { company_id: "acme", name: "Acme Corp", owner: null, notes: "VIP" },
    ]);
    expect((await saveDirectoryEntry(db, "users", "edit", { user_id: "gone", name: "X" })).ok).toBe(false);
  });

  it("says what is wrong per field and saves nothing", async () => {
    const db = database().db;
    const result = await saveDirectoryEntry(db, "users", "add", { user_id: "bad id", name: "", email: "nope" });
    expect(result.ok).toBe(false);
    expect(Object.keys(result.fieldErrors ?? {}).sort()).toEqual(["email", "name", "user_id"]);
    expect(await readEntries(db, "users")).toEqual([]);
  });

  it("lists entries by name with their migrations, and searches names and ids", async () => {
    const db = database().db;
    await recordObservedMigrations(
      db,
      [1, 2, 3].map(() => mirrorTestMigration({ companyId: "c-2", createdByUserId: "u-1" })),
      { source: "sync", nowMs: Date.UTC(2026, 0, 1) },
    );
    await saveDirectoryEntry(db, "companies", "add", { company_id: "c-1", name: "Zeta" });
    await saveDirectoryEntry(db, "companies", "add", { company_id: "c-2", name: "Alpha" });
    await saveDirectoryEntry(db, "users", "add", { user_id: "u-1", name: "Ana", email: "ana@example.com" });
    const all = await directoryPageView(db);
    expect(all.companies.entries.map((entry) => [entry.name, entry.migrations])).toEqual([
      ["Alpha", 3],
      ["Zeta", 0],
    ]);
    expect(all.users).toEqual({
      entries: [{ user_id: "u-1", name: "Ana", email: "ana@example.com", migrations: 3 }],
      total: 1,
    });
    const searched = await directoryPageView(db, "C-1");
    expect(searched.companies.entries.map((entry) => entry.company_id)).toEqual(["c-1"]);
    expect(searched.companies.total).toBe(1);
    expect(searched.users.total).toBe(0);
  });
});
