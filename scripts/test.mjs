// `npm test`: every check, in the order that fails fastest: lint, type check, unit tests, build, browser tests.
// `--only=unit` or `--only=e2e` runs one half (npm run test:unit / test:e2e); other arguments go to Playwright.
// It first makes sure a Chromium exists, installing one where this machine allows.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findChromium } from "./chromium.cjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function run(command, args, options = {}) {
  console.log(`\n> ${[path.basename(command), ...args].join(" ")}`);
  return spawnSync(command, args, { cwd: root, stdio: "inherit", ...options }).status === 0;
}

function obtainChromium() {
  const found = findChromium();
  if (found) return found;
  console.log("No Chromium found: trying Playwright's download…");
  if (run(bin("playwright"), ["install", "chromium"])) {
    const downloaded = findChromium();
    if (downloaded) return downloaded;
  }
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (isRoot && run("sh", ["-c", "command -v apt-get >/dev/null"])) {
    console.log("Installing Debian's chromium with apt-get…");
    if (run("sh", ["-c", "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium"])) {
      const installed = findChromium();
      if (installed) return installed;
    }
  }
  console.error(
    [
      "",
      "The browser tests need Chromium, and none could be found or installed.",
      "Install one of these, then run `npm test` again:",
      "  - Debian/Ubuntu:  sudo apt-get install chromium",
      "  - anywhere with internet:  npx playwright install chromium",
      "  - or point CHROMIUM_PATH at an existing Chromium/Chrome binary.",
    ].join("\n"),
  );
  process.exit(1);
}

const needsBrowser = !process.argv.includes("--only=unit");
const chromium = needsBrowser ? obtainChromium() : undefined;
if (chromium) console.log(`Browser tests will use ${chromium}`);

// The build gets a recognisable fake key, so the browser tests can prove no key is ever inlined
// into client code or pages, whatever a build-time environment holds.
const BUILD_TIME_KEY = "anon_BUILDTIMEKEYMUSTNEVERREACHTHEBROWSER000";
const only = process.argv.find((arg) => arg.startsWith("--only="))?.slice("--only=".length);

const lintAndUnit = [
  () => run(bin("biome"), ["check", "."]),
  // Type errors first, in every file the build does not see (tests, scripts, benches) too.
  () => run(bin("next"), ["typegen"]) && run(bin("tsc"), ["--noEmit"]),
  () => run(bin("vitest"), ["run"]),
];
const browser = [
  () => run(bin("next"), ["build"], { env: { ...process.env, MIGRATIONS_API_KEY: BUILD_TIME_KEY } }),
  () =>
    run(bin("playwright"), ["test", ...process.argv.slice(2).filter((arg) => !arg.startsWith("--only="))], {
      env: { ...process.env, CHROMIUM_PATH: chromium, E2E_BUILD_TIME_KEY: BUILD_TIME_KEY },
    }),
];
const steps = only === "e2e" ? browser : only === "unit" ? lintAndUnit : [...lintAndUnit, ...browser];
for (const step of steps) {
  if (!step()) {
    console.error("\nnpm test: FAILED (see the step above).");
    process.exit(1);
  }
}
console.log("\nnpm test: all checks passed.");
