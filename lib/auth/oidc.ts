import "server-only";
import { type Env, readEnv } from "@/lib/config/env";

/**
 * Who may sign in through SSO. An identity provider vouches for *its* accounts, which are usually
 * far more than this dashboard's users (a whole company, or anyone with a Google account), so SSO
 * does not start without a list: e-mail domains, explicit addresses, or an explicit opt-out.
 */
export type OidcAccess =
  | { kind: "listed"; domains: readonly string[]; emails: readonly string[] }
  | { kind: "any-account" };

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
  access: OidcAccess;
}

export class OidcConfigurationError extends Error {}

/** AUTH_ALLOWED_EMAIL_DOMAINS: comma-separated domains (a leading @ is dropped). */
export function allowedEmailDomains(env: Env = process.env): string[] {
  return readEnv("AUTH_ALLOWED_EMAIL_DOMAINS", env);
}

/** AUTH_ALLOWED_EMAILS: comma-separated addresses allowed whatever their domain. */
export function allowedEmails(env: Env = process.env): string[] {
  return readEnv("AUTH_ALLOWED_EMAILS", env);
}

function oidcAccess(env: Env): OidcAccess {
  const domains = allowedEmailDomains(env);
  const emails = allowedEmails(env);
  const anyAccount = readEnv("AUTH_OIDC_ALLOW_ANY_ACCOUNT", env);
  if (domains.length > 0 || emails.length > 0) return { kind: "listed", domains, emails };
  if (anyAccount) return { kind: "any-account" };
  throw new OidcConfigurationError(
    "SSO is configured (AUTH_OIDC_ISSUER) without a list of who may sign in: set AUTH_ALLOWED_EMAIL_DOMAINS " +
      "and/or AUTH_ALLOWED_EMAILS, or AUTH_OIDC_ALLOW_ANY_ACCOUNT=1 to let every account of the identity provider in.",
  );
}

/**
 * The SSO provider, when AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET are all set.
 * Throws OidcConfigurationError when they are but nobody is listed (see OidcAccess).
 */
export function oidcSettings(env: Env = process.env): OidcSettings | undefined {
  const issuer = readEnv("AUTH_OIDC_ISSUER", env);
  const clientId = readEnv("AUTH_OIDC_CLIENT_ID", env);
  const clientSecret = readEnv("AUTH_OIDC_CLIENT_SECRET", env);
  if (!issuer || !clientId || !clientSecret) return undefined;
  return { issuer, clientId, clientSecret, name: readEnv("AUTH_OIDC_NAME", env), access: oidcAccess(env) };
}

/**
 * Whether the identity provider's account may sign in: its e-mail must be verified by the provider
 * (`email_verified` exactly true: absent is not verified) and listed (by domain or in full).
 */
export function isOidcAccountAllowed(
  profile: { email?: unknown; email_verified?: unknown } | null | undefined,
  access: OidcAccess,
): boolean {
  if (profile?.email_verified !== true) return false;
  if (access.kind === "any-account") return true;
  if (typeof profile.email !== "string") return false;
  const email = profile.email.trim().toLowerCase();
  if (access.emails.includes(email)) return true;
  return isEmailInDomains(email, access.domains);
}

/** Whether the address's domain is exactly one of `domains` (no sub-domains, one @). */
export function isEmailInDomains(email: string | null | undefined, domains: readonly string[]): boolean {
  const parts = email?.trim().toLowerCase().split("@");
  if (parts?.length !== 2 || !parts[0] || !parts[1]) return false;
  return domains.includes(parts[1]);
}
