import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Unit tests run in a zone far from UTC with a quarter-hour offset (UTC+12:45, +13:45 in summer), however
 * they are started: code that reads a zone-less `created` as local time, or formats in the server's
 * zone, passes unnoticed under UTC and fails here. Set before any worker starts, so all inherit it.
 */
process.env.TZ = "Pacific/Chatham";

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL(".", import.meta.url)),
      // `server-only` throws outside a React Server Components bundle; unit tests run server code directly.
      "server-only": fileURLToPath(new URL("./lib/testing/server-only-stub.ts", import.meta.url)),
    },
  },
  test: {
    include: ["lib/**/*.test.ts", "scripts/**/*.test.ts", "app/**/*.test.ts"],
    environment: "node",
    // One throw-away PostgreSQL cluster per run, for the database tests' PostgreSQL variants.
    globalSetup: ["./lib/testing/postgres-global-setup.ts"],
    // scrypt and SQLite work take seconds on a loaded 2-core CI machine; timing is not what these tests check.
    testTimeout: 30_000,
    // A stray `.only` would silently run one test and call the rest passed.
    allowOnly: false,
    // next-auth imports `next/server` without a file extension, which Node's ESM loader cannot resolve;
    // bundled by Vite instead, it resolves as it does in the app.
    server: { deps: { inline: ["next-auth"] } },
  },
});
