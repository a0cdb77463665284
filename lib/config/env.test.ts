import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENV, type EnvName, envDocumentation, readEnv } from "./env";

/** The README's configuration table as [name, meaning, when unset] rows, cells trimmed. */
function readmeTable(): string[][] {
  const readme = readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
  const lines = readme.slice(readme.indexOf("## Configuration")).split("\n");
  const first = lines.findIndex((line) => line.startsWith("|"));
  const after = lines.findIndex((line, i) => i > first && !line.startsWith("|"));
  return lines.slice(first + 2, after).map((line) =>
    line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim().replaceAll("\\|", "|")),
  );
}

describe("the configuration table of the README", () => {
  it("lists exactly the variables of lib/config/env.ts, with their meaning and default (npm run env-table)", () => {
    expect(readmeTable()).toEqual(envDocumentation().map((row) => [`\`${row.name}\``, row.meaning, row.whenUnset]));
  });

  it("knows every variable the app's code reads (Next's own and the tests' aside)", () => {
    const root = path.join(__dirname, "..", "..");
    const files = [
      ...["lib", "app", "components"].flatMap((dir) =>
        readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" }).map((file) => path.join(dir, file)),
      ),
      "proxy.ts",
      "instrumentation.ts",
      "scripts/start.mjs",
    ].filter((file) => /\.(ts|tsx|mjs)$/.test(file) && !/\.test\.tsx?$/.test(file) && !file.startsWith("lib/testing"));
    const read = new Set<string>();
    for (const file of files) {
      const source = readFileSync(path.join(root, file), "utf8");
      for (const match of source.matchAll(/process\.env\.([A-Z][A-Z0-9_]*)|readEnv\("([A-Z][A-Z0-9_]*)"/g)) {
        read.add((match[1] ?? match[2]) as string);
      }
    }
    const nextOwn = new Set(["NODE_ENV", "NEXT_RUNTIME", "NEXT_PHASE"]);
    expect(read.size).toBeGreaterThan(20);
    expect([...read].filter((name) => !nextOwn.has(name) && !(name in ENV)).sort()).toEqual([]);
  });
});

/** Two valid secrets (24 random bytes each, base64), made up for these tests. */
const SECRET_A = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const SECRET_B = "whsec_6HLQ2XyYa3fZfHj8dQ4Wm1xK0bVtNcRs";

describe("readEnv", () => {
  it("reads webhook secrets as a list, the embedded sender's as one, and its URL or off", () => {
    expect(readEnv("MIGRATIONS_WEBHOOK_SECRET", {})).toBeUndefined();
    expect(readEnv("MIGRATIONS_WEBHOOK_SECRET", { MIGRATIONS_WEBHOOK_SECRET: ` ${SECRET_A}  ${SECRET_B} ` })).toEqual([
      SECRET_A,
      SECRET_B,
    ]);
    expect(readEnv("EMBEDDED_WEBHOOK_SECRET", { EMBEDDED_WEBHOOK_SECRET: SECRET_B })).toBe(SECRET_B);
    expect(readEnv("EMBEDDED_WEBHOOK_SECRET", {})).toBeUndefined();
    expect(readEnv("EMBEDDED_WEBHOOK_URL", {})).toBeUndefined();
    expect(readEnv("EMBEDDED_WEBHOOK_URL", { EMBEDDED_WEBHOOK_URL: "OFF" })).toBe("off");
    expect(readEnv("EMBEDDED_WEBHOOK_URL", { EMBEDDED_WEBHOOK_URL: "http://127.0.0.1:4000/hooks?x=1" })).toBe(
      "http://127.0.0.1:4000/hooks?x=1",
    );
  });

  it("reads blank as unset and applies the default", () => {
    expect(readEnv("SYNC_HEAD_INTERVAL_MS", {})).toBe(5_000);
    expect(readEnv("SYNC_HEAD_INTERVAL_MS", { SYNC_HEAD_INTERVAL_MS: "   " })).toBe(5_000);
    expect(readEnv("SYNC_HEAD_INTERVAL_MS", { SYNC_HEAD_INTERVAL_MS: " 750 " })).toBe(750);
    expect(readEnv("DATA_DIR", {})).toBe(".data");
    expect(readEnv("MIGRATIONS_API_KEY", { MIGRATIONS_API_KEY: "" })).toBeUndefined();
  });

  it("types each value: numbers, switches, lists, choices", () => {
    expect(readEnv("MIGRATIONS_API_MAX_RPS", { MIGRATIONS_API_MAX_RPS: "0.5" })).toBe(0.5);
    expect(readEnv("SYNC_ENABLED", { SYNC_ENABLED: "OFF" })).toBe(false);
    expect(readEnv("EMBEDDED_SIMULATION", { EMBEDDED_SIMULATION: "0" })).toBe(false);
    expect(readEnv("EMBEDDED_API_STRICT", { EMBEDDED_API_STRICT: "1" })).toBe(true);
    expect(readEnv("AUTH_ALLOWED_EMAIL_DOMAINS", { AUTH_ALLOWED_EMAIL_DOMAINS: " @Example.com, ,corp.test" })).toEqual([
      "example.com",
      "corp.test",
    ]);
    expect(readEnv("AUTH_DEMO_ACCOUNT", {})).toBe("auto");
    expect(readEnv("SYNC_MAX_BACKOFF_MS", {})).toBe(60_000);
    expect(readEnv("SYNC_MAX_BACKOFF_MS", { SYNC_MAX_BACKOFF_MS: "2000" })).toBe(2_000);
    expect(readEnv("MIGRATIONS_API_URL", { MIGRATIONS_API_URL: "https://api.example.com/v1/" })).toBe(
      "https://api.example.com/v1",
    );
  });

  it("refuses a bad value with an error that names the variable and never quotes the value", () => {
    const cases: Array<[EnvName, string]> = [
      ["SYNC_LEASE_MS", "12.5"],
      ["SYNC_MAX_BACKOFF_MS", "100"],
      ["MIGRATIONS_API_MAX_RPS", "fast"],
      ["SYNC_ENABLED", "maybe"],
      ["MIGRATIONS_API_TIMEOUT_MS", "-1"],
      ["AUTH_TRUSTED_PROXY_HOPS", "many"],
      ["AUTH_SESSION_MAX_AGE_HOURS", "1000"],
      ["AUTH_DEMO_ACCOUNT", "perhaps"],
      ["AUTH_OIDC_ALLOW_ANY_ACCOUNT", "yes"],
      ["DATABASE_URL", "mysql://user:s3cret-password@db/x"],
      ["MIGRATIONS_API_URL", "https://user:s3cret-password@api.example.com"],
      // Not base64; too short a key; no prefix; a second one where only one is allowed; a URL with a password.
      ["MIGRATIONS_WEBHOOK_SECRET", "whsec_s3cret!!"],
      ["MIGRATIONS_WEBHOOK_SECRET", `${SECRET_A} whsec_czNjcmV0`],
      ["MIGRATIONS_WEBHOOK_SECRET", "s3cretAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
      ["EMBEDDED_WEBHOOK_SECRET", `${SECRET_A} ${SECRET_B}`],
      ["EMBEDDED_WEBHOOK_URL", "http://user:s3cret@127.0.0.1:3000/hook"],
      ["EMBEDDED_WEBHOOK_URL", "ftp://s3cret.example.com/"],
    ];
    for (const [name, value] of cases) {
      let message = "";
      try {
        readEnv(name, { [name]: value });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message, name).toContain(name);
      expect(message, name).not.toContain(value);
      expect(message, name).not.toContain("s3cret");
    }
  });
});
