import "server-only";

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
}

/** The SSO provider, when AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET are all set. */
export function oidcSettings(): OidcSettings | undefined {
  const issuer = process.env.AUTH_OIDC_ISSUER?.trim();
  const clientId = process.env.AUTH_OIDC_CLIENT_ID?.trim();
  const clientSecret = process.env.AUTH_OIDC_CLIENT_SECRET?.trim();
  if (!issuer || !clientId || !clientSecret) return undefined;
  return { issuer, clientId, clientSecret, name: process.env.AUTH_OIDC_NAME?.trim() || "SSO" };
}

/** AUTH_ALLOWED_EMAIL_DOMAINS: comma-separated; empty means any domain the provider vouches for. */
export function allowedEmailDomains(): string[] {
  return (process.env.AUTH_ALLOWED_EMAIL_DOMAINS ?? "")
    .split(",")
    .map((domain) => domain.trim().toLowerCase().replace(/^@/, ""))
    .filter(Boolean);
}

export function isEmailAllowed(email: string | null | undefined, domains: readonly string[]): boolean {
  if (domains.length === 0) return true;
  const parts = email?.trim().toLowerCase().split("@");
  if (parts?.length !== 2 || !parts[0] || !parts[1]) return false;
  return domains.includes(parts[1]);
}
