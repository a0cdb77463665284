import { describe, expect, it } from "vitest";
import { InvalidListParamError } from "@/lib/migrations/list-params";
import { exportHref } from "./export-href";
import { parseExportRequest } from "./export-params";

const parse = (query: string) => parseExportRequest(new URLSearchParams(query));

describe("parseExportRequest", () => {
  it("takes every filter and the sort with the list's own rules, and ignores the page", () => {
    expect(
      parse(
        "format=json&status=FAILED,WORKING&company_id=abc&created_by_user_id=u1&reason=%20quota%20&created_from=2026-11-01&created_to=2026-11-29&sort=-company&page=3&page_size=10&tz=Europe/Paris",
      ),
    ).toEqual({
      filters: {
        statuses: ["FAILED", "WORKING"],
        companyId: "abc",
        createdByUserId: "u1",
        reason: "quota",
        createdFrom: "2026-11-01",
        createdTo: "2026-11-29",
        sort: "-company",
      },
      format: "json",
      timeZone: "Europe/Paris",
    });
  });

  it("defaults to CSV in UTC, newest first, no filter", () => {
    expect(parse("")).toEqual({ filters: { statuses: [], sort: "-created" }, format: "csv", timeZone: "UTC" });
  });

  it.each([
    ["format=xlsx", "format"],
    ["format=csv&format=json", "format"],
    ["tz=Mars/Olympus", "tz"],
    ["tz=../../etc/passwd", "tz"],
    [`tz=${"A".repeat(80)}`, "tz"],
    ["status=failed", "status"],
    ["company_id=a%20b", "company_id"],
    ["sort=name", "sort"],
    ["created_from=2026-02-30", "created_from"],
    ["created_to=29/11/2026", "created_to"],
  ])("refuses %s, naming %s", (query, param) => {
    expect(() => parse(query)).toThrow(InvalidListParamError);
    try {
      parse(query);
    } catch (error) {
      expect((error as InvalidListParamError).param).toBe(param);
    }
  });

  it("round-trips the view through the link the page builds", () => {
    for (const query of [
      "status=FAILED&company_id=c:1&reason=a%26b%3Dc&sort=created&tz=America/New_York&format=json",
      "created_from=2026-11-01&created_to=2026-11-29&sort=company",
      "created_to=2026-11-29&sort=-status",
    ]) {
      const request = parse(query);
      const href = exportHref(request.filters, request.format, request.timeZone);
      expect(href.startsWith("/api/migrations/export?")).toBe(true);
      expect(parse(href.split("?")[1] ?? ""), query).toEqual(request);
    }
  });
});
