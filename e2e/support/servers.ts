import path from "node:path";

/** The app server the browser tests run against (an uncommon port: other servers run on this machine). */
export const E2E = {
  port: 3107,
  baseURL: "http://localhost:3107",
  dataDir: path.resolve(".data-e2e"),
} as const;
