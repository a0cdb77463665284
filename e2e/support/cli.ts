import { execFileSync } from "node:child_process";
import path from "node:path";

/** Runs `npm run keys -- create` the way a user would, against the test server's data folder. */
export function createApiKeyWithCli(dataDir: string, organization: string): string {
  const output = execFileSync(
    path.join("node_modules", ".bin", "tsx"),
    ["--conditions=react-server", "scripts/keys.ts", "create", "--org", organization],
    { env: { ...process.env, DATA_DIR: dataDir }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
  const key = output.trim().split("\n").at(-1) ?? "";
  if (!/^anon_[A-Za-z0-9_-]{32,}$/.test(key)) throw new Error(`the keys CLI printed no key: ${output}`);
  return key;
}
