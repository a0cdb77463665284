import path from "node:path";

/** The repository root: every path below is relative to it, wherever the runner was started. */
export const ROOT_DIR = path.resolve(__dirname, "..", "..");

/** The app server the browser tests run against (an uncommon port: other servers run on this machine). */
export const E2E = {
  port: 3107,
  baseURL: "http://localhost:3107",
  rootDir: ROOT_DIR,
  dataDir: path.join(ROOT_DIR, ".data-e2e"),
  /** Everything the app server writes to stdout and stderr, copied here for the secret-key checks. */
  serverLog: path.join(ROOT_DIR, ".data-e2e", "app-server.log"),
} as const;

/**
 * The test OpenID provider (e2e/support/oidc-provider-server.mjs). Browser and app both use
 * `localhost`: next-auth's redirect_uri is built from the request URL, where Next turns 127.0.0.1
 * into localhost, so one host name throughout keeps the token exchange and the cookies working.
 */
export const OIDC = {
  port: 3109,
  issuer: "http://localhost:3109",
  clientId: "migration-console-e2e",
  clientSecret: "e2e-client-secret-not-used-anywhere-else-0123456789",
  name: "Test SSO",
  redirectUri: `${E2E.baseURL}/api/auth/callback/oidc`,
  allowedDomain: "allowed.test",
} as const;

/** Local accounts the configuration creates with the users CLI before the server starts. */
export const ACCOUNTS = {
  demo: { email: "demo@example.com", password: "demo-migrations", name: "Demo User" },
  ops: { email: "ops@example.com", password: "ops-person-password-1", name: "Ops Person" },
  /** Only the lock-out test signs in (and fails) with this one, so its throttling affects no other test. */
  lockout: { email: "lockout@example.com", password: "lockout-password-12", name: "Locked Out" },
  /** Only the X-Forwarded-For lock-out test uses this one. */
  lockoutSpoof: { email: "lockout-xff@example.com", password: "lockout-xff-password-12", name: "Locked Out Too" },
} as const;

/** The key the app server uses (created with the keys CLI for org "demo" in the runner's main process). */
export function runtimeApiKey(): string {
  const key = process.env.E2E_RUNTIME_API_KEY;
  if (!key)
    throw new Error("E2E_RUNTIME_API_KEY is unset: playwright.config.ts creates it; run through `playwright test`.");
  return key;
}
