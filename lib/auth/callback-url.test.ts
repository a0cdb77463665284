import { describe, expect, it } from "vitest";
import { DEFAULT_AFTER_SIGN_IN, safeCallbackPath } from "./callback-url";

const ORIGIN = "http://localhost:3000";

describe("safeCallbackPath", () => {
  it("uses / as the default", () => {
    expect(DEFAULT_AFTER_SIGN_IN).toBe("/");
  });

  it.each([
    ["/", "/"],
    ["/migrations", "/migrations"],
    ["/migrations/9f5b41bd-7c5e-42d9-b332-b31686e94424", "/migrations/9f5b41bd-7c5e-42d9-b332-b31686e94424"],
    [
      "/migrations?status=FAILED,WORKING&company_id=c1&page=2",
      "/migrations?status=FAILED,WORKING&company_id=c1&page=2",
    ],
    ["/migrations?status=FAILED#row-3", "/migrations?status=FAILED#row-3"],
    ["/a//b", "/a//b"],
    ["/a/./b/../c", "/a/c"],
    ["migrations", "/migrations"],
    ["?page=2", "/?page=2"],
    ["http://localhost:3000/migrations?x=1#h", "/migrations?x=1#h"],
    ["HTTP://LOCALHOST:3000/migrations", "/migrations"],
  ])("keeps the same-origin path %j as %j", (raw, path) => {
    expect(safeCallbackPath(raw, ORIGIN)).toBe(path);
  });

  it.each([
    "https://evil.test",
    "https://evil.test/migrations",
    "http://localhost:3001/migrations",
    "https://localhost:3000/migrations",
    "//evil.test",
    "//evil.test/migrations",
    "///evil.test",
    "/\\evil.test",
    "\\\\evil.test",
    "/\t/evil.test",
    "/\n/evil.test",
    "\t//evil.test",
    "/\u0000/evil.test",
    "/\u007f/evil.test",
    "/.//evil.test",
    "/..//evil.test",
    "/a/..//evil.test",
    "/%2e//evil.test",
    "/%2e%2e//evil.test",
    "http://localhost:3000.evil.test/",
    "http://localhost:3000@evil.test/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    `blob:${ORIGIN}/x`,
    `blob:${ORIGIN}/migrations`,
    `BLOB:${ORIGIN}/x`,
    "",
  ])("refuses %j", (raw) => {
    expect(safeCallbackPath(raw, ORIGIN)).toBe("/");
  });

  it("refuses null and undefined", () => {
    expect(safeCallbackPath(null, ORIGIN)).toBe("/");
    expect(safeCallbackPath(undefined, ORIGIN)).toBe("/");
  });

  it("refuses a value longer than 2048 characters, keeps one of exactly 2048", () => {
    const longest = `/${"a".repeat(2047)}`;
    expect(safeCallbackPath(longest, ORIGIN)).toBe(longest);
    expect(safeCallbackPath(`/${"a".repeat(2048)}`, ORIGIN)).toBe("/");
    expect(safeCallbackPath(`/${"a".repeat(100_000)}`, ORIGIN)).toBe("/");
  });

  it("keeps an encoded tab as an encoded path segment, which stays on this origin", () => {
    // Browsers do not decode %09 when following a path, so this is a (harmless) same-origin path.
    expect(safeCallbackPath("/%09/evil.test", ORIGIN)).toBe("/%09/evil.test");
  });

  it("resolves /.//evil.test to //evil.test, and so refuses it", () => {
    expect(new URL("/.//evil.test", ORIGIN).pathname).toBe("//evil.test");
    expect(safeCallbackPath("/.//evil.test", ORIGIN)).toBe("/");
  });

  it("never returns anything a browser could read as another origin", () => {
    const inputs = [
      "/.//x",
      "/./x",
      "/../x",
      "/..//x",
      "/%2e%2e/%2e%2e//x",
      "/%2F/x",
      "/%5C/x",
      "/%5c%5cx",
      "/%09/x",
      "/%0a/x",
      "/ /x",
      "/?//x",
      "/#//x",
      "/x?next=//evil.test",
      "./..//x",
      "..//x",
      ".//x",
      "x//y",
      "/\u3000/x",
      "/\uff0f/x",
      "/\u2215evil.test",
      "https:evil.test",
      "http:/evil.test",
      "http:evil.test",
      "https:/\\evil.test",
      "//localhost:3000/x",
      "/x#\\evil.test",
      `blob:${ORIGIN}/x`,
      `blob:${ORIGIN}//evil.test`,
      `filesystem:${ORIGIN}/temporary/x`,
    ];
    for (const raw of inputs) {
      const result = safeCallbackPath(raw, ORIGIN);
      expect(result.startsWith("/"), raw).toBe(true);
      expect(result.startsWith("//"), raw).toBe(false);
      expect(result.startsWith("/\\"), raw).toBe(false);
      expect(new URL(result, ORIGIN).origin, raw).toBe(ORIGIN);
      expect(new URL(result, "https://app.example.com:8443").origin, raw).toBe("https://app.example.com:8443");
    }
  });

  it("works with an origin that has a path or a trailing slash", () => {
    expect(safeCallbackPath("/migrations", "http://localhost:3000/")).toBe("/migrations");
    expect(safeCallbackPath("https://evil.test/", "http://localhost:3000/sign-in")).toBe("/");
  });
});
