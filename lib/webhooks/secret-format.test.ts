import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isWebhookSecret } from "./secret-format";

const secretOf = (bytes: number) => `whsec_${randomBytes(bytes).toString("base64")}`;

describe("isWebhookSecret", () => {
  it("accepts whsec_ and the base64 of 24 to 64 bytes, padded or not", () => {
    for (const bytes of [24, 25, 26, 32, 64]) expect(isWebhookSecret(secretOf(bytes)), String(bytes)).toBe(true);
  });

  it("refuses other lengths, other prefixes, bad base64, spaces and nothing", () => {
    for (const value of [
      secretOf(23),
      secretOf(65),
      secretOf(32).replace("whsec_", "whsec"),
      secretOf(32).replace("whsec_", "sk_"),
      `${secretOf(32)}=`,
      `${secretOf(32).slice(0, 20)}*${secretOf(32).slice(21)}`,
      `${secretOf(32)} `,
      "whsec_",
      "",
    ]) {
      expect(isWebhookSecret(value), value).toBe(false);
    }
  });
});
