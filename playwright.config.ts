import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { addUserWithCli, createApiKeyWithCli } from "./e2e/support/cli";
import { ACCOUNTS, E2E, FAKE_UPSTREAM, LIVE_APP, OIDC, UPSTREAM_APP } from "./e2e/support/servers";
import { CHROMIUM_FLAGS, findChromium } from "./scripts/chromium.cjs";

const usersFile = path.join(E2E.dataDir, "users.json");

// The runner loads this file in its main process and again in each worker: only the main process
// (no TEST_WORKER_INDEX) starts from an empty data folder and prepares it, before the servers start.
// The key it creates reaches the workers through the environment they inherit.
if (process.env.TEST_WORKER_INDEX === undefined && process.env.E2E_DATA_PREPARED_PID !== String(process.pid)) {
  rmSync(E2E.dataDir, { recursive: true, force: true });
  mkdirSync(E2E.dataDir, { recursive: true, mode: 0o700 });
  process.env.E2E_RUNTIME_API_KEY = createApiKeyWithCli(E2E.dataDir, "demo");
  addUserWithCli(E2E.dataDir, usersFile, ACCOUNTS.ops);
  addUserWithCli(E2E.dataDir, usersFile, ACCOUNTS.lockout);
  addUserWithCli(E2E.dataDir, usersFile, ACCOUNTS.lockoutSpoof);
  // The server on the fake upstream has no demo account: one local account, made the way an administrator would.
  rmSync(UPSTREAM_APP.dataDir, { recursive: true, force: true });
  mkdirSync(UPSTREAM_APP.dataDir, { recursive: true, mode: 0o700 });
  addUserWithCli(UPSTREAM_APP.dataDir, UPSTREAM_APP.usersFile, ACCOUNTS.upstreamOps);
  // The live server seeds its own demo data on start.
  rmSync(LIVE_APP.dataDir, { recursive: true, force: true });
  mkdirSync(LIVE_APP.dataDir, { recursive: true, mode: 0o700 });
  process.env.E2E_DATA_PREPARED_PID = String(process.pid);
}

const chromium = findChromium();

/** Settings no extra app server may inherit from the runner's environment: each sets its own below. */
const NO_SSO = { AUTH_OIDC_ISSUER: "", AUTH_OIDC_CLIENT_ID: "", AUTH_OIDC_CLIENT_SECRET: "", AUTH_OIDC_NAME: "" };

/**
 * Every app server syncs its upstream into its own mirror: short intervals, so that a change
 * upstream reaches the pages within a second or two instead of the production defaults' 5-10 s.
 */
const FAST_SYNC = {
  SYNC_HEAD_INTERVAL_MS: "500",
  SYNC_RUNNING_INTERVAL_MS: "1000",
  // All the upstreams here are local: a high budget keeps the first full read to seconds.
  MIGRATIONS_API_MAX_RPS: "50",
  SYNC_ENABLED: "on",
};

/** `next start` on 127.0.0.1 (browsed as localhost), the binary itself so that the runner stops it by PID. */
const nextStart = (port: number) => `${path.join("node_modules", ".bin", "next")} start -H 127.0.0.1 -p ${port}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  forbidOnly: true,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  use: {
    baseURL: E2E.baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          // Set only when a browser was found; otherwise Playwright reports its own missing-browser error.
          ...(chromium ? { executablePath: chromium } : {}),
          args: [...CHROMIUM_FLAGS],
        },
      },
    },
  ],
  webServer: [
    {
      name: "oidc",
      command: `node ${path.join("e2e", "support", "oidc-provider-server.mjs")}`,
      url: `${OIDC.issuer}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      env: {
        E2E_OIDC_PORT: String(OIDC.port),
        E2E_OIDC_ISSUER: OIDC.issuer,
        E2E_OIDC_CLIENT_ID: OIDC.clientId,
        E2E_OIDC_CLIENT_SECRET: OIDC.clientSecret,
        E2E_OIDC_REDIRECT_URI: OIDC.redirectUri,
      },
    },
    {
      name: "app",
      // The next binary itself (not npx), wrapped only to copy its output into a log the tests read;
      // the runner stops the whole process group when the run ends.
      command: [
        "node",
        path.join("e2e", "support", "capture-output.mjs"),
        path.relative(E2E.rootDir, E2E.serverLog),
        path.join("node_modules", ".bin", "next"),
        `start -H 127.0.0.1 -p ${E2E.port}`,
      ].join(" "),
      url: `${E2E.baseURL}/api/health/live`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "pipe",
      env: {
        NODE_ENV: "production",
        // The main server runs far from UTC at a half-hour offset (UTC-3:30): reading a zone-less
        // `created` as local time, or rendering times in the server's zone, would show in its pages.
        TZ: "America/St_Johns",
        DATA_DIR: E2E.dataDir,
        EMBEDDED_SIMULATION: "off",
        // Embedded mode with the key the keys CLI made above; the secret is generated into DATA_DIR.
        MIGRATIONS_API_URL: "",
        MIGRATIONS_API_KEY: process.env.E2E_RUNTIME_API_KEY ?? "",
        AUTH_SECRET: "",
        AUTH_USERS_FILE: usersFile,
        AUTH_OIDC_ISSUER: OIDC.issuer,
        AUTH_OIDC_CLIENT_ID: OIDC.clientId,
        AUTH_OIDC_CLIENT_SECRET: OIDC.clientSecret,
        AUTH_OIDC_NAME: OIDC.name,
        AUTH_ALLOWED_EMAIL_DOMAINS: OIDC.allowedDomain,
        ...FAST_SYNC,
      },
    },
    {
      name: "fake-upstream",
      command: `node ${path.join("e2e", "support", "fake-upstream.mjs")}`,
      url: `${FAKE_UPSTREAM.origin}/__health`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      env: {
        E2E_FAKE_UPSTREAM_PORT: String(FAKE_UPSTREAM.port),
        E2E_FAKE_UPSTREAM_KEY: FAKE_UPSTREAM.key,
        E2E_FAKE_REDIRECT_PORT: String(FAKE_UPSTREAM.redirectTarget.port),
        E2E_FAKE_REDIRECT_HOST: FAKE_UPSTREAM.redirectTarget.host,
      },
    },
    {
      // The same build syncing the fake upstream: only page and page_size, failure modes on demand.
      name: "app-upstream",
      command: nextStart(UPSTREAM_APP.port),
      url: `${UPSTREAM_APP.baseURL}/api/health/live`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      env: {
        NODE_ENV: "production",
        DATA_DIR: UPSTREAM_APP.dataDir,
        EMBEDDED_SIMULATION: "off",
        MIGRATIONS_API_URL: FAKE_UPSTREAM.apiBase,
        MIGRATIONS_API_KEY: FAKE_UPSTREAM.key,
        MIGRATIONS_API_TIMEOUT_MS: String(UPSTREAM_APP.timeoutMs),
        AUTH_SECRET: "",
        AUTH_USERS_FILE: UPSTREAM_APP.usersFile,
        ...NO_SSO,
        ...FAST_SYNC,
        // The fault tests fail the sync and then want it back: a failing operation is tried again
        // within a second (the default lets the wait double up to a minute).
        SYNC_MAX_BACKOFF_MS: String(UPSTREAM_APP.maxBackoffMs),
      },
    },
    {
      // The embedded API with its simulator: migrations appear and change status while a test watches.
      name: "app-live",
      command: nextStart(LIVE_APP.port),
      url: `${LIVE_APP.baseURL}/api/health/live`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: "ignore",
      env: {
        NODE_ENV: "production",
        DATA_DIR: LIVE_APP.dataDir,
        EMBEDDED_SIMULATION: "on",
        // Its tests watch the sync see the simulator's changes; the webhook loop has e2e/webhooks.spec.ts.
        EMBEDDED_WEBHOOK_URL: "off",
        MIGRATIONS_API_URL: "",
        MIGRATIONS_API_KEY: "",
        AUTH_SECRET: "",
        AUTH_USERS_FILE: path.join(LIVE_APP.dataDir, "users.json"),
        ...NO_SSO,
        ...FAST_SYNC,
      },
    },
  ],
});
