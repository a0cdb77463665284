import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { isWebhookSecret } from "./secret-format";
import { generatedWebhookSecret, generatedWebhookSecretPath, receiverWebhookSecrets } from "./secrets";
import { newSecret } from "./testing";

let root: string;

beforeEach(() => {
  // A fresh data folder per test: the generated secret is kept per folder.
  root = mkdtempSync(path.join(tmpdir(), "webhook-secrets-"));
  vi.stubEnv("DATA_DIR", root);
  vi.stubEnv("MIGRATIONS_WEBHOOK_SECRET", "");
  vi.stubEnv("MIGRATIONS_API_URL", "");
});

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

describe("the webhook secrets", () => {
  it("in embedded mode, generates one secret into the data folder (owner-only) and keeps using it", () => {
    const secrets = receiverWebhookSecrets();
    expect(secrets).toHaveLength(1);
    const [secret] = secrets as [string];
    expect(isWebhookSecret(secret)).toBe(true);
    const file = generatedWebhookSecretPath();
    expect(path.dirname(file)).toBe(root);
    expect(readFileSync(file, "utf8")).toBe(`${secret}\n`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(receiverWebhookSecrets()).toEqual([secret]);
    expect(generatedWebhookSecret()).toBe(secret);
  });

  it("keeps a secret found in the data folder, and makes it owner-only again", () => {
    const kept = newSecret();
    writeFileSync(path.join(root, "webhook-secret"), `${kept}\n`);
    chmodSync(path.join(root, "webhook-secret"), 0o644);
    expect(receiverWebhookSecrets()).toEqual([kept]);
    expect(statSync(path.join(root, "webhook-secret")).mode & 0o777).toBe(0o600);
  });

  it("refuses a file that holds no secret, saying what to do and not what it holds", () => {
    writeFileSync(path.join(root, "webhook-secret"), "hunter2-not-a-secret\n");
    expect(() => receiverWebhookSecrets()).toThrow(/webhook-secret.*delete the file/);
    try {
      receiverWebhookSecrets();
    } catch (error) {
      expect((error as Error).message).not.toContain("hunter2");
    }
  });

  it("takes MIGRATIONS_WEBHOOK_SECRET's secrets when set, in either mode, and generates nothing", () => {
    const [a, b] = [newSecret(), newSecret()];
    vi.stubEnv("MIGRATIONS_WEBHOOK_SECRET", `${a} ${b}`);
    expect(receiverWebhookSecrets()).toEqual([a, b]);
    vi.stubEnv("MIGRATIONS_API_URL", "https://api.example.com/v1");
    expect(receiverWebhookSecrets()).toEqual([a, b]);
    expect(() => statSync(path.join(root, "webhook-secret"))).toThrow();
  });

  it("with a remote Migrations API and no secret, has none: webhooks are off", () => {
    vi.stubEnv("MIGRATIONS_API_URL", "https://api.example.com/v1");
    expect(receiverWebhookSecrets()).toEqual([]);
    expect(() => statSync(path.join(root, "webhook-secret"))).toThrow();
  });
});
