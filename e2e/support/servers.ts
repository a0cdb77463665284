import path from "node:path";

/** The repository root: every path below is relative to it, wherever the runner was started. */
export const ROOT_DIR = path.resolve(__dirname, "..", "..");

/**
 * Every port the browser tests use, in one place (uncommon ones: other servers run on this machine).
 * Browsers only ever talk to the app servers, each through `localhost`, and one browser context
 * talks to one app server: cookies are per host, not per port.
 */
const PORT_BASE = Number(process.env.E2E_PORT_BASE || 3107);
/** E2E_PORT_BASE moves every port at once, so two checkouts can run their browser tests side by side. */
export const PORTS = {
  app: PORT_BASE,
  upstreamApp: PORT_BASE + 1,
  oidc: PORT_BASE + 2,
  liveApp: PORT_BASE + 3,
  fakeUpstream: PORT_BASE + 4,
  /** The fake upstream's redirect target: its redirect mode points there (see FAKE_UPSTREAM). */
  redirectTarget: PORT_BASE + 7,
  /** The two-instance test starts these two itself, on the same build and database. */
  pairA: PORT_BASE + 10,
  pairB: PORT_BASE + 11,
  /** App servers a test starts and stops itself (each with a fresh mirror). */
  spawnedApps: [PORT_BASE + 5, PORT_BASE + 6],
  /** The alerts test's own app server, and the Slack-compatible receiver and SMTP server it sends to. */
  alertsApp: PORT_BASE + 12,
  alertsSlack: PORT_BASE + 13,
  alertsSmtp: PORT_BASE + 14,
} as const;

/** The app server the browser tests run against (an uncommon port: other servers run on this machine). */
export const E2E = {
  port: PORTS.app,
  baseURL: `http://localhost:${PORTS.app}`,
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
  port: PORTS.oidc,
  issuer: `http://localhost:${PORTS.oidc}`,
  clientId: "migration-console-e2e",
  clientSecret: "e2e-client-secret-not-used-anywhere-else-0123456789",
  name: "Test SSO",
  redirectUri: `${E2E.baseURL}/api/auth/callback/oidc`,
  allowedDomain: "allowed.test",
} as const;

/**
 * The fake Migrations API (e2e/support/fake-upstream.mjs): only the documented contract, a
 * `{"results","count"}` envelope, and a control endpoint that switches it into failure modes.
 */
export const FAKE_UPSTREAM = {
  port: PORTS.fakeUpstream,
  origin: `http://127.0.0.1:${PORTS.fakeUpstream}`,
  apiBase: `http://127.0.0.1:${PORTS.fakeUpstream}/api/v1`,
  /** The only key it accepts (a fake: it guards nothing). */
  key: "fake_UPSTREAMKEYFORTHEE2ETESTS0123456789",
  /**
   * A second server in the same process, on another port and under another host name than the
   * API's 127.0.0.1: the redirect mode sends the app there, and it logs whatever reaches it.
   */
  redirectTarget: { port: PORTS.redirectTarget, host: "localhost" },
} as const;

/** A second app server on the same build, against the fake upstream (no embedded API, no demo account). */
export const UPSTREAM_APP = {
  port: PORTS.upstreamApp,
  baseURL: `http://localhost:${PORTS.upstreamApp}`,
  dataDir: path.join(ROOT_DIR, ".data-e2e-upstream"),
  usersFile: path.join(ROOT_DIR, ".data-e2e-upstream", "users.json"),
  /** The client's time budget per call: the "timeout" mode fails within it. */
  timeoutMs: 1500,
  /** The longest wait before the sync tries a failing operation again: a fixed upstream is seen within about that. */
  maxBackoffMs: 1000,
} as const;

/** A third app server, embedded API with the simulator on: statuses change while a test watches. */
export const LIVE_APP = {
  port: PORTS.liveApp,
  baseURL: `http://localhost:${PORTS.liveApp}`,
  dataDir: path.join(ROOT_DIR, ".data-e2e-live"),
} as const;

/** Local accounts the configuration creates with the users CLI before the server starts. */
export const ACCOUNTS = {
  demo: { email: "demo@example.com", password: "demo-migrations", name: "Demo User" },
  ops: { email: "ops@example.com", password: "ops-person-password-1", name: "Ops Person" },
  /** Only the lock-out test signs in (and fails) with this one, so its throttling affects no other test. */
  lockout: { email: "lockout@example.com", password: "lockout-password-12", name: "Locked Out" },
  /** Only the X-Forwarded-For lock-out test uses this one. */
  lockoutSpoof: { email: "lockout-xff@example.com", password: "lockout-xff-password-12", name: "Locked Out Too" },
  /** The account of the app server on the fake upstream (UPSTREAM_APP), which has no demo account. */
  upstreamOps: { email: "upstream-ops@example.com", password: "upstream-ops-password-1", name: "Upstream Ops" },
} as const;

/** The key the app server uses (created with the keys CLI for org "demo" in the runner's main process). */
export function runtimeApiKey(): string {
  const key = process.env.E2E_RUNTIME_API_KEY;
  if (!key)
    throw new Error("E2E_RUNTIME_API_KEY is unset: playwright.config.ts creates it; run through `playwright test`.");
  return key;
}

/**
 * Two app servers on the same build, started and stopped by e2e/two-instances.spec.ts itself: one
 * PostgreSQL app database, and one data folder for the embedded API they both serve.
 */
export const PAIR = {
  a: { port: PORTS.pairA, baseURL: `http://localhost:${PORTS.pairA}` },
  b: { port: PORTS.pairB, baseURL: `http://localhost:${PORTS.pairB}` },
  dataDir: path.join(ROOT_DIR, ".data-e2e-pair"),
} as const;
