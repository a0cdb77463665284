import { describe, expect, it, vi } from "vitest";
import { UpstreamError } from "./errors";

describe("UpstreamError", () => {
  it("is recognized across copies of its module (Next bundles one per page and route handler)", async () => {
    vi.resetModules();
    const copy = await import("./errors");
    expect(copy.UpstreamError).not.toBe(UpstreamError);
    const fromElsewhere = new copy.UpstreamError("not_found", "No migration has this id.");
    expect(fromElsewhere instanceof UpstreamError).toBe(true);
    expect(new UpstreamError("timed_out", "slow") instanceof copy.UpstreamError).toBe(true);
  });

  it("is not any other error or object", () => {
    expect(new Error("not_found") instanceof UpstreamError).toBe(false);
    expect({ kind: "not_found", name: "UpstreamError" } instanceof UpstreamError).toBe(false);
  });

  it("keeps the brand out of its JSON", () => {
    expect(JSON.parse(JSON.stringify(new UpstreamError("not_found", "gone", { status: 404 })))).toEqual({
      name: "UpstreamError",
      kind: "not_found",
      message: "gone",
      status: 404,
    });
  });
});
