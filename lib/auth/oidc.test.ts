import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allowedEmailDomains, isEmailAllowed, oidcSettings } from "./oidc";

const NAMES = [
  "AUTH_OIDC_ISSUER",
  "AUTH_OIDC_CLIENT_ID",
  "AUTH_OIDC_CLIENT_SECRET",
  "AUTH_OIDC_NAME",
  "AUTH_ALLOWED_EMAIL_DOMAINS",
] as const;
const saved = Object.fromEntries(NAMES.map((name) => [name, process.env[name]]));

beforeEach(() => {
  for (const name of NAMES) delete process.env[name];
});

afterEach(() => {
  for (const name of NAMES) {
    const value = saved[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

function setAll() {
  process.env.AUTH_OIDC_ISSUER = " https://idp.example.test/realms/ops ";
  process.env.AUTH_OIDC_CLIENT_ID = " migration-console ";
  process.env.AUTH_OIDC_CLIENT_SECRET = " s3cret ";
}

describe("oidcSettings", () => {
  it("is undefined when nothing is set", () => {
    expect(oidcSettings()).toBeUndefined();
  });

  it("answers the trimmed settings, named SSO by default, when all three are set", () => {
    setAll();
    expect(oidcSettings()).toEqual({
      issuer: "https://idp.example.test/realms/ops",
      clientId: "migration-console",
      clientSecret: "s3cret",
      name: "SSO",
    });
  });

  it("uses AUTH_OIDC_NAME when set, and SSO when it is blank", () => {
    setAll();
    process.env.AUTH_OIDC_NAME = " Okta ";
    expect(oidcSettings()?.name).toBe("Okta");
    process.env.AUTH_OIDC_NAME = "   ";
    expect(oidcSettings()?.name).toBe("SSO");
  });

  it.each(["AUTH_OIDC_ISSUER", "AUTH_OIDC_CLIENT_ID", "AUTH_OIDC_CLIENT_SECRET"] as const)(
    "is undefined when %s is missing or blank",
    (name) => {
      setAll();
      delete process.env[name];
      expect(oidcSettings()).toBeUndefined();
      process.env[name] = "  ";
      expect(oidcSettings()).toBeUndefined();
    },
  );
});

describe("allowedEmailDomains", () => {
  it("is empty when unset or blank", () => {
    expect(allowedEmailDomains()).toEqual([]);
    process.env.AUTH_ALLOWED_EMAIL_DOMAINS = " , ,";
    expect(allowedEmailDomains()).toEqual([]);
  });

  it("splits on commas, trims, lower-cases and drops a leading @", () => {
    process.env.AUTH_ALLOWED_EMAIL_DOMAINS = " Example.COM, @corp.test ,,@Sub.Example.org ";
    expect(allowedEmailDomains()).toEqual(["example.com", "corp.test", "sub.example.org"]);
  });
});

describe("isEmailAllowed", () => {
  const domains = ["example.com", "corp.test"];

  it("allows any email, and none, when no domain is configured", () => {
    expect(isEmailAllowed("anyone@anywhere.test", [])).toBe(true);
    expect(isEmailAllowed(undefined, [])).toBe(true);
  });

  it.each(["alice@example.com", "Alice@EXAMPLE.com", " bob@corp.test ", "carol@Corp.Test"])("allows %j", (email) => {
    expect(isEmailAllowed(email, domains)).toBe(true);
  });

  it.each([
    "alice@sub.example.com",
    "alice@example.com.evil.test",
    "alice@notexample.com",
    "alice@evil.test",
    "example.com",
    "alice@",
    "",
    "example.com@evil.test",
    "alice@example.com@evil.test",
  ])("refuses %j", (email) => {
    expect(isEmailAllowed(email, domains)).toBe(false);
  });

  it("refuses a missing email when domains are configured", () => {
    expect(isEmailAllowed(null, domains)).toBe(false);
    expect(isEmailAllowed(undefined, domains)).toBe(false);
  });
});
