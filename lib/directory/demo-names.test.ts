import { describe, expect, it } from "vitest";
import { demoCompanyEntries, demoUserEntries } from "./demo-names";
import { companyEntrySchema, userEntrySchema } from "./entries";

const hexIds = (count: number, salt: string) =>
  Array.from({ length: count }, (_, i) => `${salt}${i.toString(16).padStart(15, "0")}`);

describe("demo names", () => {
  it("gives every id one distinct, valid name, the same for the same ids in any order", () => {
    const ids = hexIds(250, "c");
    const companies = demoCompanyEntries(ids, ["Ana Lima"]);
    expect(companies).toHaveLength(250);
    expect(new Set(companies.map((entry) => entry.name)).size).toBe(250);
    for (const entry of companies) expect(companyEntrySchema.parse(entry)).toEqual(entry);
    expect(demoCompanyEntries([...ids].reverse(), ["Ana Lima"])).toEqual(companies);
    expect(companies.every((entry) => entry.owner === "Ana Lima")).toBe(true);
  });

  it("gives users names and example.com addresses that pass the import's checks", () => {
    const users = demoUserEntries(hexIds(200, "u"));
    expect(new Set(users.map((entry) => entry.name)).size).toBe(200);
    for (const entry of users) {
      expect(userEntrySchema.parse(entry)).toEqual(entry);
      expect(entry.email).toMatch(/^[a-z0-9.]+@example\.com$/);
    }
  });
});
