import { describe, expect, it } from "vitest";
import {
  DEFAULT_TABLE_PREFERENCES,
  effectiveColumnOrder,
  effectiveVisibility,
  moveColumn,
  readTablePreferences,
  TABLE_PREFERENCES_SCRIPT,
  type TablePreferences,
} from "./table-preferences";

const COLUMNS = ["status", "id", "created", "companyId", "createdByUserId", "age"];
const saved: TablePreferences = {
  version: 1,
  columnOrder: ["created", "status", "id", "companyId", "createdByUserId", "age"],
  columnVisibility: { age: false, companyId: false },
  density: "compact",
};

describe("readTablePreferences", () => {
  it("leaves behind keys it does not know", () => {
    expect(readTablePreferences(JSON.stringify({ ...saved, extra: 1 }))).toEqual(saved);
  });

  it("reads back what was stored", () => {
    expect(readTablePreferences(JSON.stringify(saved))).toEqual(saved);
  });

  it.each([
    ["nothing stored", null],
    ["not JSON", "{oops"],
    ["JSON null", "null"],
    ["another version", JSON.stringify({ ...saved, version: 2 })],
    ["an unknown density", JSON.stringify({ ...saved, density: "cozy" })],
    ["a column id that is not a plain name", JSON.stringify({ ...saved, columnOrder: ['x"]{}*'] })],
    ["visibility that is not true/false", JSON.stringify({ ...saved, columnVisibility: { age: "no" } })],
    ["an absurdly long order", JSON.stringify({ ...saved, columnOrder: Array(40).fill("age") })],
    ["a missing field", JSON.stringify({ version: 1, columnOrder: [], density: "compact" })],
    ["an array", JSON.stringify([saved])],
    ["an order that is not a list", JSON.stringify({ ...saved, columnOrder: "created,status" })],
    ["visibility that is a list", JSON.stringify({ ...saved, columnVisibility: [true] })],
    ["a visibility key that is not a plain name", JSON.stringify({ ...saved, columnVisibility: { "a b": false } })],
  ])("falls back to the defaults for %s", (_what, stored) => {
    expect(readTablePreferences(stored)).toEqual(DEFAULT_TABLE_PREFERENCES);
  });
});

describe("effective order and visibility", () => {
  it("is the table's order by default", () => {
    expect(effectiveColumnOrder(DEFAULT_TABLE_PREFERENCES, COLUMNS)).toEqual(COLUMNS);
  });

  it("follows the saved order, drops columns the table no longer has, and places new ones near their spot", () => {
    const order = effectiveColumnOrder(
      { ...saved, columnOrder: ["created", "gone", "status", "id", "created", "age"] },
      COLUMNS,
    );
    // companyId and createdByUserId were not saved: they follow "created", their neighbour in the table.
    expect(order).toEqual(["created", "companyId", "createdByUserId", "status", "id", "age"]);
    expect(effectiveColumnOrder({ ...saved, columnOrder: ["age"] }, COLUMNS)).toEqual([
      "status",
      "id",
      "created",
      "companyId",
      "createdByUserId",
      "age",
    ]);
  });

  it("never hides the id column, the row's link to its page", () => {
    expect(effectiveVisibility({ ...saved, columnVisibility: { id: false, age: false } })).toEqual({ age: false });
  });

  it("moves a column one step, and not past either end", () => {
    expect(moveColumn(COLUMNS, "created", -1)).toEqual([
      "status",
      "created",
      "id",
      "companyId",
      "createdByUserId",
      "age",
    ]);
    expect(moveColumn(COLUMNS, "created", 1)).toEqual([
      "status",
      "id",
      "companyId",
      "created",
      "createdByUserId",
      "age",
    ]);
    expect(moveColumn(COLUMNS, "status", -1)).toEqual(COLUMNS);
    expect(moveColumn(COLUMNS, "age", 1)).toEqual(COLUMNS);
    expect(moveColumn(COLUMNS, "unknown", 1)).toEqual(COLUMNS);
  });
});

describe("the pre-paint script", () => {
  /** Runs the script against a stand-in for localStorage and <html>, and returns the attributes it set. */
  function run(stored: string | null): Record<string, string> {
    const attributes: Record<string, string> = {};
    const document = { documentElement: { setAttribute: (name: string, value: string) => (attributes[name] = value) } };
    const localStorage = { getItem: () => stored };
    new Function("document", "localStorage", TABLE_PREFERENCES_SCRIPT)(document, localStorage);
    return attributes;
  }

  it("applies the hidden columns and the density of a saved value", () => {
    expect(run(JSON.stringify(saved))).toEqual({ "data-hidden-columns": "age companyId", "data-density": "compact" });
  });

  it("sets nothing for defaults, garbage, or names unsafe in a selector, and never hides the id", () => {
    expect(run(null)).toEqual({});
    expect(run("{oops")).toEqual({});
    expect(run(JSON.stringify({ ...saved, version: 3 }))).toEqual({});
    expect(
      run(JSON.stringify({ ...saved, density: "comfortable", columnVisibility: { 'a"]': false, id: false } })),
    ).toEqual({});
  });
});
