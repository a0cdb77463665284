import "server-only";

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

type Env = Record<string, string | undefined>;

function list(raw: string | undefined, normalize: (entry: string) => string): string[] {
  return (raw ?? "")
    .split(",")
    .map((entry) => normalize(entry.trim().toLowerCase()))
    .filter(Boolean);
}

/** AUTH_ALLOWED_EMAIL_DOMAINS: comma-separated domains (a leading @ is dropped). */
export function allowedEmailDomains(env: Env = process.env): string[] {
  return list(env.AUTH_ALLOWED_EMAIL_DOMAINS, (domain) => domain.replace(/^@/, ""));
}

/** AUTH_ALLOWED_EMAILS: comma-separated addresses allowed whatever their domain. */
export function allowedEmails(env: Env = process.env): string[] {
  return list(env.AUTH_ALLOWED_EMAILS, (email) => email);
}

function oidcAccess(env: Env): OidcAccess {
  const domains = allowedEmailDomains(env);
  const emails = allowedEmails(env);
  const anyAccount = env.AUTH_OIDC_ALLOW_ANY_ACCOUNT?.trim().toLowerCase();
  if (anyAccount && anyAccount !== "1" && anyAccount !== "true" && anyAccount !== "0" && anyAccount !== "false") {
    throw new OidcConfigurationError('AUTH_OIDC_ALLOW_ANY_ACCOUNT must be "1" (or unset).');
  }
  if (domains.length > 0 || emails.length > 0) return { kind: "listed", domains, emails };
  if (anyAccount === "1" || anyAccount === "true") return { kind: "any-account" };
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
  const issuer = env.AUTH_OIDC_ISSUER?.trim();
  const clientId = env.AUTH_OIDC_CLIENT_ID?.trim();
  const clientSecret = env.AUTH_OIDC_CLIENT_SECRET?.trim();
  if (!issuer || !clientId || !clientSecret) return undefined;
  return { issuer, clientId, clientSecret, name: env.AUTH_OIDC_NAME?.trim() || "SSO", access: oidcAccess(env) };
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
