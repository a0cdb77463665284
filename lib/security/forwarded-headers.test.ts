import { describe, expect, it } from "vitest";
import { saneForwardedHeaders } from "./forwarded-headers";

const httpUrl = new URL("http://localhost:3000/migrations");

function sane(entries: Record<string, string>, url = httpUrl) {
  const fixed = saneForwardedHeaders(new Headers({ host: "localhost:3000", ...entries }), url);
  return fixed && Object.fromEntries(fixed);
}

describe("saneForwardedHeaders", () => {
  it("leaves usable headers alone (nothing copied)", () => {
    expect(sane({})).toBeUndefined();
    expect(sane({ "x-forwarded-proto": "https", "x-forwarded-host": "app.example" })).toBeUndefined();
    expect(sane({ "x-forwarded-host": "[::1]:8080" })).toBeUndefined();
  });

  it("replaces a scheme that is not http or https with the request's own", () => {
    expect(sane({ "x-forwarded-proto": "javascript" })?.["x-forwarded-proto"]).toBe("http");
    expect(sane({ "x-forwarded-proto": "ftp" }, new URL("https://app.example/"))?.["x-forwarded-proto"]).toBe("https");
    expect(sane({ "x-forwarded-proto": "" })?.["x-forwarded-proto"]).toBe("http");
  });

  it("keeps the first entry of a list, lower-cased", () => {
    expect(sane({ "x-forwarded-proto": "https,javascript" })?.["x-forwarded-proto"]).toBe("https");
    expect(sane({ "x-forwarded-proto": "HTTP, https" })?.["x-forwarded-proto"]).toBe("http");
    expect(sane({ "x-forwarded-host": "app.example, proxy.internal" })?.["x-forwarded-host"]).toBe("app.example");
  });

  it("drops a forwarded host that makes no URL host, so the request's Host counts", () => {
    for (const value of ["bad host", "evil.example:99999", "[::1", "%zz", "a/b?c#d", "user@evil.example"]) {
      const fixed = sane({ "x-forwarded-host": value });
      expect(fixed, value).toBeDefined();
      expect(fixed?.["x-forwarded-host"], value).toBeUndefined();
      expect(fixed?.host, value).toBe("localhost:3000");
    }
  });

  it("replaces a Host that makes no URL host with the request's own", () => {
    expect(sane({ host: "bad host" })?.host).toBe("localhost:3000");
  });
});
