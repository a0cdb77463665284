import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword, isPasswordHash, verifyAgainstNothing, verifyPassword } from "./passwords";

const PASSWORD = "correct horse battery staple";

let hash: string;
beforeAll(async () => {
  hash = await hashPassword(PASSWORD);
});

/** Replaces the character at `index` with a different base64url character. */
function flipAt(value: string, index: number): string {
  const c = value[index];
  return `${value.slice(0, index)}${c === "A" ? "B" : "A"}${value.slice(index + 1)}`;
}

describe("hashPassword", () => {
  it("produces scrypt$N$r$p$salt$hash with N=2^15, r=8, p=1, a 16-byte salt and a 32-byte hash", () => {
    const parts = hash.split("$");
    expect(parts).toHaveLength(6);
    const [scheme, n, r, p, salt, key] = parts as [string, string, string, string, string, string];
    expect(scheme).toBe("scrypt");
    expect(n).toBe("32768");
    expect(r).toBe("8");
    expect(p).toBe("1");
    expect(salt).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(key).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(salt, "base64url")).toHaveLength(16);
    expect(Buffer.from(key, "base64url")).toHaveLength(32);
    expect(isPasswordHash(hash)).toBe(true);
    expect(hash).not.toContain(PASSWORD);
  });

  it("salts every hash", async () => {
    const again = await hashPassword(PASSWORD);
    expect(again).not.toBe(hash);
    expect(again.split("$")[4]).not.toBe(hash.split("$")[4]);
    expect(await verifyPassword(PASSWORD, again)).toBe(true);
  });
});

describe("verifyPassword", () => {
  it("accepts the right password", async () => {
    expect(await verifyPassword(PASSWORD, hash)).toBe(true);
  });

  it.each(["", "correct horse battery stapl", "Correct horse battery staple", `${PASSWORD} `, ` ${PASSWORD}`])(
    "refuses the wrong password %j",
    async (wrong) => {
      expect(await verifyPassword(wrong, hash)).toBe(false);
    },
  );

  it("refuses when the stored hash was tampered with", async () => {
    const parts = hash.split("$");
    const key = parts[5] as string;
    const salt = parts[4] as string;
    const tamperedKey = [...parts.slice(0, 5), flipAt(key, 3)].join("$");
    const tamperedSalt = [...parts.slice(0, 4), flipAt(salt, 2), key].join("$");
    const truncatedKey = [...parts.slice(0, 5), key.slice(0, -4)].join("$");
    const otherR = [parts[0], parts[1], "4", parts[3], salt, key].join("$");
    for (const stored of [tamperedKey, tamperedSalt, truncatedKey, otherR]) {
      expect(isPasswordHash(stored)).toBe(true);
      expect(await verifyPassword(PASSWORD, stored), stored).toBe(false);
    }
  });

  it("answers false (not an exception) for hashes with impossible cost parameters", async () => {
    const parts = hash.split("$");
    const salt = parts[4] as string;
    const key = parts[5] as string;
    // Well-formed by isPasswordHash, but scrypt refuses these parameters (N not a power of two, N = 0, too much memory).
    for (const [n, r, p] of [
      ["3", "8", "1"],
      ["0", "8", "1"],
      ["1048576", "8", "1"],
    ]) {
      const stored = ["scrypt", n, r, p, salt, key].join("$");
      expect(isPasswordHash(stored)).toBe(true);
      await expect(verifyPassword(PASSWORD, stored), stored).resolves.toBe(false);
    }
  });

  it.each([
    "",
    PASSWORD,
    "plain-text-password",
    "$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234",
    "bcrypt$32768$8$1$c2FsdA$aGFzaA",
    "scrypt$32768$8$1$c2FsdA",
    "scrypt$32768$8$1$c2FsdA$aGFz aA",
    "scrypt$x$8$1$c2FsdA$aGFzaA",
    "scrypt$32768$8$1$c2Fsd+A=$aGFzaA",
  ])("answers false for a stored value that is not a hash: %j", async (stored) => {
    expect(isPasswordHash(stored)).toBe(false);
    expect(await verifyPassword(PASSWORD, stored)).toBe(false);
  });

  it("treats NFKC-equivalent passwords as the same password", async () => {
    // Composed é (U+00E9) vs e + combining acute (U+0065 U+0301); the ﬁ ligature vs "fi"; full-width vs ASCII.
    const stored = await hashPassword("caf\u00e9-\ufb01le-\uff21\uff22\uff23-123");
    expect(await verifyPassword("cafe\u0301-file-ABC-123", stored)).toBe(true);
    expect(await verifyPassword("caf\u00e9-\ufb01le-\uff21\uff22\uff23-123", stored)).toBe(true);
    expect(await verifyPassword("cafe-file-ABC-123", stored)).toBe(false);
  });
});

describe("verifyAgainstNothing", () => {
  it("always answers false", async () => {
    expect(await verifyAgainstNothing(PASSWORD)).toBe(false);
    expect(await verifyAgainstNothing("")).toBe(false);
  });
});
