import { describe, expect, it } from "vitest";
import {
  hasMalformedPath,
  hasUnreadablePageForm,
  isCrossOriginPageWrite,
  refusalFor,
  refusalResponse,
} from "./early-refusals";

describe("hasMalformedPath", () => {
  it.each([
    "/api/migrations/%ff%fe",
    "/api/v1/migrations/%c0%ae%c0%ae",
    "/migrations/%ff%fe",
    "/migrations/%",
    "/a/%zz",
  ])("%s is malformed", (pathname) => {
    expect(hasMalformedPath(pathname)).toBe(true);
  });

  it.each(["/", "/migrations", "/migrations/%2e%2e%2f", "/migrations/%C3%A9", "/api/migrations/%E2%80%AE"])(
    "%s decodes",
    (pathname) => {
      expect(hasMalformedPath(pathname)).toBe(false);
    },
  );
});

describe("refusalFor", () => {
  it("answers the embedded API in its own error shape", async () => {
    const refusal = refusalFor("/api/v1/migrations/%ff", "malformed_path");
    const response = refusalResponse(refusal);
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toEqual({ error: { type: "invalid_request", message: expect.any(String) } });
  });

  it("answers the BFF in its own error shape", async () => {
    const response = refusalResponse(refusalFor("/api/migrations/%ff", "malformed_path"));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: "invalid_parameter", message: expect.any(String) } });
  });

  it("says which methods an API path takes when refusing one", async () => {
    const bff = refusalResponse(refusalFor("/api/migrations", "method_not_allowed"));
    expect(bff.status).toBe(405);
    expect(bff.headers.get("allow")).toBe("GET");
    expect(await bff.json()).toEqual({ error: { code: "method_not_allowed", message: expect.any(String) } });
    const api = refusalResponse(refusalFor("/api/v1/migrations", "method_not_allowed"));
    expect(api.headers.get("allow")).toBe("GET");
    expect(await api.json()).toEqual({ error: { type: "method_not_allowed", message: expect.any(String) } });
    expect(refusalFor("/migrations", "method_not_allowed").headers.Allow).toBe("GET, POST");
    // The webhook route takes only POSTs, and answers in the same shape as the BFF.
    const webhooks = refusalResponse(refusalFor("/api/webhooks/migrations", "method_not_allowed"));
    expect(webhooks.headers.get("allow")).toBe("POST");
    expect(await webhooks.json()).toEqual({ error: { code: "method_not_allowed", message: expect.any(String) } });
  });

  it("answers pages and sign-in's endpoints in plain text, with the shared security headers", () => {
    for (const pathname of ["/migrations/%ff", "/api/auth/%ff"]) {
      const refusal = refusalFor(pathname, "malformed_path");
      expect(refusal.headers["Content-Type"]).toBe("text/plain; charset=utf-8");
      expect(refusal.headers["X-Content-Type-Options"]).toBe("nosniff");
      expect(refusal.body).toBe("The URL path is not valid percent-encoded UTF-8.");
    }
    expect(refusalFor("/migrations", "cross_origin_write").status).toBe(403);
  });
});

describe("isCrossOriginPageWrite", () => {
  const headers = (entries: Record<string, string>) => new Headers({ host: "localhost:3000", ...entries });

  it("refuses a page write whose Origin is another host, null or not a URL", () => {
    for (const origin of ["https://evil.example", "http://localhost:3001", "null", "not a url"]) {
      expect(isCrossOriginPageWrite("POST", "/migrations", headers({ origin })), origin).toBe(true);
    }
  });

  it("lets through reads, same-origin writes, writes without an Origin, and the APIs", () => {
    expect(isCrossOriginPageWrite("POST", "/migrations", headers({ origin: "http://localhost:3000" }))).toBe(false);
    expect(isCrossOriginPageWrite("POST", "/migrations", headers({}))).toBe(false);
    expect(isCrossOriginPageWrite("GET", "/migrations", headers({ origin: "https://evil.example" }))).toBe(false);
    expect(isCrossOriginPageWrite("POST", "/api/auth/signout", headers({ origin: "https://evil.example" }))).toBe(
      false,
    );
  });

  it("compares with the first X-Forwarded-Host when there is one, as Next does", () => {
    const forwarded = headers({ "x-forwarded-host": "app.example, proxy.internal", origin: "https://app.example" });
    expect(isCrossOriginPageWrite("POST", "/migrations", forwarded)).toBe(false);
    const direct = headers({ "x-forwarded-host": "app.example", origin: "http://localhost:3000" });
    expect(isCrossOriginPageWrite("POST", "/migrations", direct)).toBe(true);
  });
});

describe("hasUnreadablePageForm", () => {
  const post = (pathname: string, contentType: string, body: BodyInit) =>
    new Request(`http://localhost:3000${pathname}`, { method: "POST", headers: { "content-type": contentType }, body });

  it("finds a page's multipart body that does not parse as a form", async () => {
    expect(
      await hasUnreadablePageForm(post("/migrations", "multipart/form-data; boundary=xyz", "garbage"), "/migrations"),
    ).toBe(true);
    expect(await hasUnreadablePageForm(post("/signin", "multipart/form-data", "garbage"), "/signin")).toBe(true);
  });

  it("leaves a real form, other bodies and the APIs alone, and the body readable after", async () => {
    const form = new FormData();
    form.set("$ACTION_ID_abc", "");
    const request = new Request("http://localhost:3000/migrations", { method: "POST", body: form });
    expect(await hasUnreadablePageForm(request, "/migrations")).toBe(false);
    expect((await request.formData()).has("$ACTION_ID_abc")).toBe(true);
    expect(await hasUnreadablePageForm(post("/migrations", "text/plain", "garbage"), "/migrations")).toBe(false);
    expect(
      await hasUnreadablePageForm(post("/api/auth/signout", "multipart/form-data", "x"), "/api/auth/signout"),
    ).toBe(false);
  });
});
