import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { addUserWithCli, createApiKeyWithCli } from "./e2e/support/cli";
import { ACCOUNTS, E2E, OIDC } from "./e2e/support/servers";
import { findChromium } from "./scripts/chromium.cjs";

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
  process.env.E2E_DATA_PREPARED_PID = String(process.pid);
}

const chromium = findChromium();

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
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
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
      },
    },
  ],
});
