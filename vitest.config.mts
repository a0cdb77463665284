import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

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
    // next-auth imports `next/server` without a file extension, which Node's ESM loader cannot resolve;
    // bundled by Vite instead, it resolves as it does in the app.
    server: { deps: { inline: ["next-auth"] } },
  },
});
