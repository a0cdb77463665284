import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { newSecret } from "@/lib/webhooks/testing";
import { embeddedWebhookTarget, ownWebhookUrl } from "./webhook-settings";

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "webhook-settings-"));
  vi.stubEnv("DATA_DIR", root);
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

describe("ownWebhookUrl", () => {
  it("is this app's route on loopback at PORT (3000 by default), or on the one address it binds", () => {
    expect(ownWebhookUrl({})).toBe("http://127.0.0.1:3000/api/webhooks/migrations");
    expect(ownWebhookUrl({ PORT: "3803" })).toBe("http://127.0.0.1:3803/api/webhooks/migrations");
    expect(ownWebhookUrl({ PORT: "3803", BIND_HOST: "0.0.0.0" })).toBe("http://127.0.0.1:3803/api/webhooks/migrations");
    expect(ownWebhookUrl({ PORT: "3803", BIND_HOST: "::" })).toBe("http://127.0.0.1:3803/api/webhooks/migrations");
    expect(ownWebhookUrl({ BIND_HOST: "10.1.2.3" })).toBe("http://10.1.2.3:3000/api/webhooks/migrations");
    expect(ownWebhookUrl({ BIND_HOST: "::1" })).toBe("http://[::1]:3000/api/webhooks/migrations");
    expect(ownWebhookUrl({ PORT: "not-a-port" })).toBe("http://127.0.0.1:3000/api/webhooks/migrations");
  });
});

describe("embeddedWebhookTarget", () => {
  it("by default targets this app with the secret generated in the data folder, the one the receiver takes", () => {
    const target = embeddedWebhookTarget({ DATA_DIR: root, PORT: "4100" });
    expect(target?.url).toBe("http://127.0.0.1:4100/api/webhooks/migrations");
    expect(`${target?.secret}\n`).toBe(readFileSync(path.join(root, "webhook-secret"), "utf8"));
  });

  it("signs with the first of MIGRATIONS_WEBHOOK_SECRET, or EMBEDDED_WEBHOOK_SECRET before it; sends to EMBEDDED_WEBHOOK_URL", () => {
    const [a, b, c] = [newSecret(), newSecret(), newSecret()];
    expect(embeddedWebhookTarget({ MIGRATIONS_WEBHOOK_SECRET: `${a} ${b}` })?.secret).toBe(a);
    expect(embeddedWebhookTarget({ MIGRATIONS_WEBHOOK_SECRET: `${a} ${b}`, EMBEDDED_WEBHOOK_SECRET: c })?.secret).toBe(
      c,
    );
    expect(
      embeddedWebhookTarget({ EMBEDDED_WEBHOOK_URL: "https://hooks.example.com/in", EMBEDDED_WEBHOOK_SECRET: c }),
    ).toEqual({ url: "https://hooks.example.com/in", secret: c });
  });

  it("is undefined with EMBEDDED_WEBHOOK_URL=off", () => {
    expect(embeddedWebhookTarget({ EMBEDDED_WEBHOOK_URL: "off" })).toBeUndefined();
  });
});
