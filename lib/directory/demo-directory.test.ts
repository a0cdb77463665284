import { describe, expect, it } from "vitest";
import type { AppDialect } from "@/lib/db/dialect";
import { insertRows, makeOrg, memoryDatabase } from "@/lib/embedded-api/testing";
import { appDatabasePerTest, TEST_ENGINES } from "@/lib/testing/app-database";
import { seedDemoDirectory } from "./demo-directory";
import { importEntries } from "./import-entries";
import { readEntries } from "./read-entries";

describe.each(TEST_ENGINES)("seedDemoDirectory (%s)", (engine: AppDialect) => {
  const database = appDatabasePerTest(engine);

  function embeddedWithTwoOrganizations() {
    const embedded = memoryDatabase();
    const demo = makeOrg(embedded, "demo");
    const other = makeOrg(embedded, "acme");
    insertRows(embedded, demo.org, [
      { companyId: "c-one", createdByUserId: "u-one" },
      { companyId: "c-two", createdByUserId: "u-one" },
      { companyId: null, createdByUserId: "u-two" },
    ]);
    insertRows(embedded, other.org, [{ companyId: "c-other", createdByUserId: "u-other" }]);
    return { embedded, demoKey: demo.key };
  }

  it("names the companies and users of the organization the app reads, once", async () => {
    const { embedded, demoKey } = embeddedWithTwoOrganizations();
    const db = database().db;
    expect(await seedDemoDirectory(db, embedded, demoKey)).toEqual({ companies: 2, users: 2 });
    expect((await readEntries(db, "companies")).map((entry) => entry.company_id)).toEqual(["c-one", "c-two"]);
    expect((await readEntries(db, "users")).map((entry) => entry.user_id)).toEqual(["u-one", "u-two"]);
    expect(await seedDemoDirectory(db, embedded, demoKey)).toBeUndefined();
  });

  it("leaves a directory someone already filled alone, and does nothing for an unknown key", async () => {
    const { embedded, demoKey } = embeddedWithTwoOrganizations();
    const db = database().db;
    expect(await seedDemoDirectory(db, embedded, "anon_not_a_key")).toBeUndefined();
    await importEntries(db, "users", [{ user_id: "u-one", name: "Set by hand" }]);
    expect(await seedDemoDirectory(db, embedded, demoKey)).toBeUndefined();
    expect(await readEntries(db, "companies")).toEqual([]);
  });
});
