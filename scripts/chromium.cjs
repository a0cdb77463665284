// Finds a Chromium for the browser tests: CHROMIUM_PATH, Playwright's own download, or a system Chromium.
// Shared by playwright.config.ts and scripts/test.mjs so both pick the same browser. CommonJS, because
// Playwright's config loader and plain Node ESM can both load it as it is.
const { existsSync } = require("node:fs");

/** Flags for a headless Chromium on this kind of machine: root (no sandbox), no GPU, no calls home. */
const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const SYSTEM_CHROMIUMS = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

function playwrightChromium() {
  try {
    const candidate = require("@playwright/test").chromium.executablePath();
    return candidate && existsSync(candidate) ? candidate : undefined;
  } catch {
    return undefined;
  }
}

/** The browser to launch, or undefined when none is installed. */
function findChromium() {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return playwrightChromium() ?? SYSTEM_CHROMIUMS.find((candidate) => existsSync(candidate));
}

module.exports = { CHROMIUM_FLAGS, findChromium };
