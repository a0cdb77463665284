import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { allowedEmailDomains, allowedEmails, isEmailInDomains, isOidcAccountAllowed, oidcSettings } from "./oidc";

const NAMES = [
  "AUTH_OIDC_ISSUER",
  "AUTH_OIDC_CLIENT_ID",
  "AUTH_OIDC_CLIENT_SECRET",
  "AUTH_OIDC_NAME",
  "AUTH_ALLOWED_EMAIL_DOMAINS",
  "AUTH_ALLOWED_EMAILS",
  "AUTH_OIDC_ALLOW_ANY_ACCOUNT",
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
  process.env.AUTH_ALLOWED_EMAIL_DOMAINS = "example.com";
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
      access: { kind: "listed", domains: ["example.com"], emails: [] },
    });
  });

  it("refuses to start SSO without an allow-list, unless every account is let in explicitly", () => {
    setAll();
    delete process.env.AUTH_ALLOWED_EMAIL_DOMAINS;
    expect(() => oidcSettings()).toThrow("without a list of who may sign in");
    process.env.AUTH_ALLOWED_EMAIL_DOMAINS = " , ";
    expect(() => oidcSettings()).toThrow("AUTH_ALLOWED_EMAIL_DOMAINS");
    process.env.AUTH_ALLOWED_EMAILS = "Alice@Partner.test";
    expect(oidcSettings()?.access).toEqual({ kind: "listed", domains: [], emails: ["alice@partner.test"] });
    delete process.env.AUTH_ALLOWED_EMAILS;
    process.env.AUTH_OIDC_ALLOW_ANY_ACCOUNT = "1";
    expect(oidcSettings()?.access).toEqual({ kind: "any-account" });
    process.env.AUTH_OIDC_ALLOW_ANY_ACCOUNT = "yes";
    expect(() => oidcSettings()).toThrow("AUTH_OIDC_ALLOW_ANY_ACCOUNT");
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

describe("allowedEmails", () => {
  it("splits on commas, trims and lower-cases", () => {
    expect(allowedEmails({ AUTH_ALLOWED_EMAILS: " Alice@Partner.test ,, bob@x.test" })).toEqual([
      "alice@partner.test",
      "bob@x.test",
    ]);
    expect(allowedEmails({})).toEqual([]);
  });
});

describe("isEmailInDomains", () => {
  const domains = ["example.com", "corp.test"];

  it.each(["alice@example.com", "Alice@EXAMPLE.com", " bob@corp.test ", "carol@Corp.Test"])("allows %j", (email) => {
    expect(isEmailInDomains(email, domains)).toBe(true);
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
    expect(isEmailInDomains(email, domains)).toBe(false);
  });

  it("refuses a missing email, and everyone when no domain is listed", () => {
    expect(isEmailInDomains(null, domains)).toBe(false);
    expect(isEmailInDomains(undefined, domains)).toBe(false);
    expect(isEmailInDomains("anyone@anywhere.test", [])).toBe(false);
  });
});

describe("isOidcAccountAllowed", () => {
  const listed = { kind: "listed", domains: ["example.com"], emails: ["partner@other.test"] } as const;

  it("lets in a verified address of a listed domain, or a listed address", () => {
    expect(isOidcAccountAllowed({ email: "Alice@Example.com", email_verified: true }, listed)).toBe(true);
    expect(isOidcAccountAllowed({ email: "partner@other.test", email_verified: true }, listed)).toBe(true);
  });

  it("refuses an address the provider has not verified: false, absent, or anything but true", () => {
    for (const email_verified of [false, undefined, "true", 1, null]) {
      expect(isOidcAccountAllowed({ email: "alice@example.com", email_verified }, listed), String(email_verified)).toBe(
        false,
      );
    }
    expect(isOidcAccountAllowed({ email: "alice@example.com" }, { kind: "any-account" })).toBe(false);
  });

  it("refuses an unlisted address, a missing one, and a missing profile", () => {
    expect(isOidcAccountAllowed({ email: "mallory@evil.test", email_verified: true }, listed)).toBe(false);
    expect(isOidcAccountAllowed({ email: "other@other.test", email_verified: true }, listed)).toBe(false);
    expect(isOidcAccountAllowed({ email_verified: true }, listed)).toBe(false);
    expect(isOidcAccountAllowed(undefined, listed)).toBe(false);
  });

  it("lets any verified account in only when opted out of the list", () => {
    expect(isOidcAccountAllowed({ email: "anyone@anywhere.test", email_verified: true }, { kind: "any-account" })).toBe(
      true,
    );
  });
});
