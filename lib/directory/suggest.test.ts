import { describe, expect, it } from "vitest";
import { BffError } from "@/lib/bff/bff-error";
import type { AppDialect } from "@/lib/db/dialect";
import { recordObservedMigrations } from "@/lib/mirror/record-observations";
import { mirrorTestMigration } from "@/lib/mirror/testing";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { importEntries } from "./import-entries";
import { parseSuggestQuery, suggestOwners } from "./suggest";

describe.each(TEST_ENGINES)("suggestOwners (%s)", (engine: AppDialect) => {
  const database = appDatabasePerTest(engine);

  async function world() {
    const db = database().db;
    const owned = (companyId: string, count: number, status = "COMPLETE") =>
      Array.from({ length: count }, () =>
        mirrorTestMigration({ companyId, createdByUserId: `u-${companyId}`, status }),
      );
    await recordObservedMigrations(
      db,
      [...owned("acme01", 3), ...owned("acme01", 2, "FAILED"), ...owned("globex7", 4), ...owned("ac_50%", 1)],
      { source: "sync", nowMs: Date.UTC(2026, 0, 1) },
    );
    await importEntries(db, "companies", [
      { company_id: "acme01", name: "Acme Corp" },
      { company_id: "globex7", name: "Globex (formerly Acme)" },
      { company_id: "nomig", name: "Acme Labs" },
    ]);
    return db;
  }

  it("finds by any part of the name or the start of the id, any case, with migration counts, best first", async () => {
    const db = await world();
    expect(await suggestOwners(db, "company", "acme")).toEqual([
      { id: "acme01", name: "Acme Corp", count: 5 },
      { id: "nomig", name: "Acme Labs", count: 0 },
      { id: "globex7", name: "Globex (formerly Acme)", count: 4 },
    ]);
    expect(await suggestOwners(db, "company", "GLOBEX7")).toEqual([
      { id: "globex7", name: "Globex (formerly Acme)", count: 4 },
    ]);
  });

  it("takes LIKE's wildcards literally, finds unnamed ids, and finds users by id", async () => {
    const db = await world();
    expect(await suggestOwners(db, "company", "ac_5")).toEqual([{ id: "ac_50%", name: null, count: 1 }]);
    expect(await suggestOwners(db, "company", "%")).toEqual([]);
    expect(await suggestOwners(db, "user", "u-glob")).toEqual([{ id: "u-globex7", name: null, count: 4 }]);
  });
});

describe("parseSuggestQuery", () => {
  it("needs a kind and some text, naming what is wrong", () => {
    expect(parseSuggestQuery(new URLSearchParams("kind=user&q=%20ana%20"))).toEqual({ kind: "user", q: "ana" });
    for (const [query, param] of [
      ["kind=team&q=a", "kind"],
      ["q=a", "kind"],
      ["kind=company", "q"],
      ["kind=company&q=%20", "q"],
    ]) {
      try {
        parseSuggestQuery(new URLSearchParams(query));
        expect.unreachable(query);
      } catch (error) {
        expect(error).toBeInstanceOf(BffError);
        expect((error as BffError).extra.param, query).toBe(param);
      }
    }
  });
});
