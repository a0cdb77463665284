import { rmSync } from "node:fs";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { E2E } from "./e2e/support/servers";
import { findChromium } from "./scripts/chromium.cjs";

// The runner loads this file in its main process and again in each worker: only the main
// process (no TEST_WORKER_INDEX) starts from an empty data folder.
if (process.env.TEST_WORKER_INDEX === undefined) rmSync(E2E.dataDir, { recursive: true, force: true });

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
  webServer: {
    // The binary itself, not npx: the runner stops this exact PID when the run ends.
    command: `${path.join("node_modules", ".bin", "next")} start -H 127.0.0.1 -p ${E2E.port}`,
    url: `${E2E.baseURL}/api/health/live`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "pipe",
    env: { DATA_DIR: E2E.dataDir, EMBEDDED_SIMULATION: "off", NODE_ENV: "production" },
  },
});
