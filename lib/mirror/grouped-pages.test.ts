import { describe, expect, it } from "vitest";
import { compareCompanyGroups, slicesForPage } from "./grouped-pages";

describe("slicesForPage", () => {
  const groups = [
    { key: "A", count: 3 },
    { key: "B", count: 0 },
    { key: "C", count: 5 },
    { key: "D", count: 2 },
  ];

  it("matches slicing the concatenated groups, for every offset and limit", () => {
    const all = groups.flatMap((group) => Array.from({ length: group.count }, (_, i) => `${group.key}${i}`));
    for (let offset = 0; offset <= all.length + 1; offset++) {
      for (const limit of [1, 2, 3, 4, 10]) {
        const got = slicesForPage(groups, offset, limit).flatMap((slice) =>
          Array.from({ length: slice.limit }, (_, i) => `${slice.key}${slice.offset + i}`),
        );
        expect(got, `${offset}+${limit}`).toEqual(all.slice(offset, offset + limit));
      }
    }
  });
});

describe("compareCompanyGroups", () => {
  it("orders by label ignoring case and accents, ids breaking ties, no company last", () => {
    const items = [
      { companyId: null, label: "" },
      { companyId: "z1", label: "émile & co" },
      { companyId: "b2", label: "Acme" },
      { companyId: "a1", label: "acme" },
      { companyId: "c3", label: "Zeta 10" },
      { companyId: "c4", label: "Zeta 9" },
    ];
    expect([...items].sort(compareCompanyGroups).map((item) => item.companyId)).toEqual([
      "a1",
      "b2",
      "z1",
      "c4",
      "c3",
      null,
    ]);
  });
});
