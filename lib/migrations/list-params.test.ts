import { describe, expect, it } from "vitest";
import type { MigrationListParams } from "./list-options";
import { InvalidListParamError, parseMigrationListParams } from "./list-params";

const parse = (query: string): MigrationListParams => parseMigrationListParams(new URLSearchParams(query));

function invalidParam(query: string): InvalidListParamError {
  try {
    parse(query);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidListParamError);
    return error as InvalidListParamError;
  }
  throw new Error(`expected "${query}" to be refused`);
}

describe("parseMigrationListParams", () => {
  it("gives the defaults for an empty query", () => {
    expect(parse("")).toEqual({ page: 1, pageSize: 25, statuses: [], sort: "-created" });
  });

  it("reads every parameter", () => {
    expect(
      parse("page=3&page_size=50&status=FAILED&company_id=company-1&created_by_user_id=user_1.a:b&sort=created"),
    ).toEqual({
      page: 3,
      pageSize: 50,
      statuses: ["FAILED"],
      companyId: "company-1",
      createdByUserId: "user_1.a:b",
      sort: "created",
    });
  });

  it("ignores parameters it does not know", () => {
    expect(parse("foo=bar&q=1")).toEqual({ page: 1, pageSize: 25, statuses: [], sort: "-created" });
  });

  describe("page", () => {
    it.each([
      ["1", 1],
      ["2", 2],
      ["9999999", 9_999_999],
    ])("accepts %s", (raw, page) => {
      expect(parse(`page=${raw}`).page).toBe(page);
    });

    it.each(["0", "-1", "1.5", "01", "abc", "", " 1", "1e3", "10000000", "0x10"])("refuses %j", (raw) => {
      const error = invalidParam(`page=${encodeURIComponent(raw)}`);
      expect(error.param).toBe("page");
      expect(error.name).toBe("InvalidListParamError");
    });

    it("refuses a page given twice", () => {
      expect(invalidParam("page=1&page=2").param).toBe("page");
    });
  });

  describe("page_size", () => {
    it.each([10, 25, 50, 100])("accepts %i", (size) => {
      expect(parse(`page_size=${size}`).pageSize).toBe(size);
    });

    it.each(["0", "5", "20", "101", "1000", "abc", "", "25.0x", "-10"])("refuses %j", (raw) => {
      expect(invalidParam(`page_size=${encodeURIComponent(raw)}`).param).toBe("page_size");
    });

    it("refuses a page_size given twice", () => {
      expect(invalidParam("page_size=10&page_size=10").param).toBe("page_size");
    });

    it("names the allowed sizes in the message", () => {
      expect(invalidParam("page_size=20").message).toContain("10, 25, 50, 100");
    });
  });

  describe("status", () => {
    it("reads a comma-separated list", () => {
      expect(parse("status=FAILED,WORKING").statuses).toEqual(["FAILED", "WORKING"]);
    });

    it("reads repeated parameters", () => {
      expect(parse("status=FAILED&status=WORKING").statuses).toEqual(["FAILED", "WORKING"]);
    });

    it("mixes both forms, trims, skips empty parts and removes duplicates in first-seen order", () => {
      expect(parse("status=FAILED,%20WORKING%20,,&status=COMPLETE,FAILED&status=").statuses).toEqual([
        "FAILED",
        "WORKING",
        "COMPLETE",
      ]);
    });

    it("keeps unknown but well-formed statuses", () => {
      expect(parse("status=NEW_THING,NOT_READY,LOGIN_ABANDONED,X9").statuses).toEqual([
        "NEW_THING",
        "NOT_READY",
        "LOGIN_ABANDONED",
        "X9",
      ]);
    });

    it.each(["failed", "Failed", "1FAILED", "_FAILED", "FAIL-ED", "FAILED;DROP", `A${"B".repeat(64)}`])(
      "refuses %j",
      (raw) => {
        const error = invalidParam(`status=${encodeURIComponent(raw)}`);
        expect(error.param).toBe("status");
      },
    );

    it("refuses the whole list when one value is malformed", () => {
      expect(invalidParam("status=FAILED,working").param).toBe("status");
    });

    it("accepts the longest allowed status (64 characters)", () => {
      const longest = `A${"B".repeat(63)}`;
      expect(parse(`status=${longest}`).statuses).toEqual([longest]);
    });
  });

  describe("company_id and created_by_user_id", () => {
    it.each(["company_id", "created_by_user_id"])("%s accepts ids up to 128 characters", (name) => {
      const id = "a".repeat(128);
      const params = parse(`${name}=${id}`);
      expect(name === "company_id" ? params.companyId : params.createdByUserId).toBe(id);
    });

    it.each([
      ["company_id", "a".repeat(129)],
      ["company_id", ""],
      ["company_id", "has space"],
      ["company_id", "a/b"],
      ["company_id", "a?b"],
      ["company_id", "émile"],
      ["created_by_user_id", ""],
      ["created_by_user_id", "user<script>"],
      ["created_by_user_id", "a".repeat(129)],
    ])("%s refuses %j", (name, raw) => {
      expect(invalidParam(`${name}=${encodeURIComponent(raw)}`).param).toBe(name);
    });

    it.each(["company_id", "created_by_user_id"])("%s given twice is refused", (name) => {
      expect(invalidParam(`${name}=a&${name}=b`).param).toBe(name);
    });

    it("leaves the filters out when they are absent", () => {
      const params = parse("page=1");
      expect("companyId" in params).toBe(false);
      expect("createdByUserId" in params).toBe(false);
    });
  });

  describe("sort", () => {
    it.each(["created", "-created", "status", "-status", "company", "-company"] as const)("accepts %s", (sort) => {
      expect(parse(`sort=${sort}`).sort).toBe(sort);
    });

    it.each(["+created", "name", "CREATED", "", "-created,created", "--status", "company_id"])("refuses %j", (raw) => {
      expect(invalidParam(`sort=${encodeURIComponent(raw)}`).param).toBe("sort");
    });

    it("refuses a sort given twice", () => {
      expect(invalidParam("sort=created&sort=created").param).toBe("sort");
    });
  });

  it("quotes at most 40 characters of a refused value", () => {
    const raw = "x".repeat(200);
    const error = invalidParam(`page=${raw}`);
    expect(error.message).toContain(`"${"x".repeat(40)}"`);
    expect(error.message).not.toContain("x".repeat(41));
  });

  it("reads a failure-reason search, trimmed, as text (wildcards and quotes included)", () => {
    expect(parse("reason=%20Mailbox%20over%20quota%20").reason).toBe("Mailbox over quota");
    expect(parse(`reason=${encodeURIComponent("100% _done' --")}`).reason).toBe("100% _done' --");
    expect(parse("reason=d%C3%A9j%C3%A0%20vu").reason).toBe("déjà vu");
  });

  it.each([
    ["reason=", "empty"],
    ["reason=%20%20", "only spaces"],
    [`reason=${"x".repeat(201)}`, "over 200 characters"],
    ["reason=a%0Ab", "a control character"],
    ["reason=a&reason=b", "given twice"],
  ])("refuses a reason search %s (%s), naming the parameter", (query) => {
    expect(invalidParam(query).param).toBe("reason");
  });
});

describe("parseMigrationListParams: created range", () => {
  it("reads created_from and created_to as UTC days", () => {
    expect(parse("created_from=2026-11-01&created_to=2026-11-29")).toMatchObject({
      createdFrom: "2026-11-01",
      createdTo: "2026-11-29",
    });
  });

  it.each([
    ["created_from=2026-02-30", "created_from"],
    ["created_from=2026-1-01", "created_from"],
    ["created_to=yesterday", "created_to"],
    ["created_to=2026-11-29&created_to=2026-11-30", "created_to"],
  ])("refuses %s, naming %s", (query, param) => {
    expect(invalidParam(query).param).toBe(param);
  });
});
