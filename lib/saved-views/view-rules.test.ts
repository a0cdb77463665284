import { describe, expect, it } from "vitest";
import { viewHref } from "./saved-view";
import { canonicalViewQuery, viewNameSchema } from "./view-rules";

describe("canonicalViewQuery", () => {
  it("keeps the filters and sort, drops the page and whatever the list would not read", () => {
    expect(canonicalViewQuery("?status=FAILED&page=4&page_size=50&company_id=0123456789abcdef&utm=x")).toBe(
      "page_size=50&status=FAILED&company_id=0123456789abcdef",
    );
    expect(canonicalViewQuery("sort=created&reason=quota")).toBe("page_size=25&reason=quota&sort=created");
    // Malformed values count as no filter, as on the list page.
    expect(canonicalViewQuery("company_id=not%20an%20id&page_size=7")).toBe("page_size=25");
  });
});

describe("viewNameSchema", () => {
  it.each([
    ["  Failed this week  ", { success: true, data: "Failed this week" }],
    ["", { success: false }],
    ["   ", { success: false }],
    ["x".repeat(61), { success: false }],
    ["two\nlines", { success: false }],
  ])("%j", (name, expected) => {
    const result = viewNameSchema.safeParse(name);
    expect(result.success).toBe(expected.success);
    if ("data" in expected) expect(result.data).toBe(expected.data);
  });
});

describe("viewHref", () => {
  it("opens the list with the view's query", () => {
    expect(viewHref({ query: "status=FAILED" })).toBe("/migrations?status=FAILED");
    expect(viewHref({ query: "" })).toBe("/migrations");
  });
});
