import { describe, expect, it } from "vitest";
import { BFF_ERROR_CODES, CLIENT_ERROR_CODES, toClientErrorCode } from "./error-codes";

describe("toClientErrorCode", () => {
  it("keeps every code the BFF or the client defines", () => {
    for (const code of [...BFF_ERROR_CODES, ...CLIENT_ERROR_CODES]) expect(toClientErrorCode(code)).toBe(code);
  });

  it("turns anything else from the wire into unexpected", () => {
    for (const code of ["", "NOT_FOUND", "toString", "__proto__", "constructor", 42, null, undefined, { code: "x" }]) {
      expect(toClientErrorCode(code)).toBe("unexpected");
    }
  });
});
