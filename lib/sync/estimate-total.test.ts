import { describe, expect, it } from "vitest";
import { estimateTotal } from "./estimate-total";

function upstreamOf(total: number, pageSize: number) {
  const asked: number[] = [];
  const pageLength = async (page: number) => {
    asked.push(page);
    return Math.max(0, Math.min(pageSize, total - (page - 1) * pageSize));
  };
  return { asked, pageLength };
}

describe("estimateTotal", () => {
  it.each([0, 1, 99, 100, 101, 250, 1_000, 12_345, 100_000, 1_000_000, 1_000_001])(
    "finds the exact total of %i migrations in about 2 × log2(pages) requests",
    async (total) => {
      const { asked, pageLength } = upstreamOf(total, 100);
      expect(await estimateTotal(100, pageLength)).toBe(total);
      const pages = Math.max(1, Math.ceil(total / 100));
      expect(asked.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(pages + 1)) + 2);
    },
  );

  it("stops at the page limit of a list that never ends", async () => {
    expect(await estimateTotal(10, async () => 10, 64)).toBe(640);
  });

  it("passes a failed read on", async () => {
    await expect(
      estimateTotal(10, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
  });
});
