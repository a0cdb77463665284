import { execFileSync } from "node:child_process";
import path from "node:path";
import { ROOT_DIR } from "./servers";

function runTsxScript(
  script: string,
  args: readonly string[],
  dataDir: string,
  env: Record<string, string> = {},
): string {
  return execFileSync(
    path.join(ROOT_DIR, "node_modules", ".bin", "tsx"),
    ["--conditions=react-server", script, ...args],
    {
      cwd: ROOT_DIR,
      env: { ...process.env, DATA_DIR: dataDir, ...env },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
}

/** Runs `npm run keys -- create` the way a user would, against the test server's data folder. */
export function createApiKeyWithCli(dataDir: string, organization: string): string {
  const output = runTsxScript("scripts/keys.ts", ["create", "--org", organization], dataDir);
  const key = output.trim().split("\n").at(-1) ?? "";
  if (!/^anon_[A-Za-z0-9_-]{32,}$/.test(key)) throw new Error(`the keys CLI printed no key: ${output}`);
  return key;
}

/** Runs `npm run users -- add` the way an administrator would, into `usersFile`. */
export function addUserWithCli(
  dataDir: string,
  usersFile: string,
  account: { email: string; name: string; password: string },
): void {
  runTsxScript(
    "scripts/users.ts",
    ["add", account.email, "--name", account.name, "--password", account.password],
    dataDir,
    { AUTH_USERS_FILE: usersFile },
  );
}

/** Runs `npm run directory -- <args>` the way a user would, against the test server's data folder. */
export function directoryCli(dataDir: string, args: readonly string[]): string {
  return runTsxScript("scripts/directory.ts", args, dataDir);
}
