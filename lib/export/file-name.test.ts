import { describe, expect, it } from "vitest";
import type { ExportFilters } from "./export-params";
import { exportFileName } from "./file-name";

const NOW = Date.UTC(2026, 10, 29, 22, 15, 42);
const none: ExportFilters = { statuses: [], sort: "-created" };

describe("exportFileName", () => {
  it("says the filter and the time, in UTC to the minute", () => {
    expect(exportFileName({ ...none, statuses: ["FAILED"], companyId: "abc" }, "csv", NOW)).toBe(
      "migrations_status-FAILED_company-abc_2026-11-29T2215Z.csv",
    );
  });

  it("is just the time without filters, with the format's extension", () => {
    expect(exportFileName(none, "json", NOW)).toBe("migrations_2026-11-29T2215Z.json");
  });

  it("names every filter and an oldest-first sort", () => {
    expect(
      exportFileName(
        {
          statuses: ["FAILED", "COMPLETED_WITH_FAILURES"],
          companyId: "c1",
          createdByUserId: "u:7",
          reason: "Quota exceeded / mailbox",
          sort: "created",
        },
        "csv",
        NOW,
      ),
    ).toBe(
      "migrations_status-FAILED+COMPLETED_WITH_FAILURES_company-c1_user-u-7_reason-Quota-exceeded-mailbox_oldest-first_2026-11-29T2215Z.csv",
    );
  });

  it.each([
    ["status", "by-status"],
    ["-status", "by-status-desc"],
    ["company", "by-company"],
    ["-company", "by-company-desc"],
  ] as const)("names the sort %s", (sort, name) => {
    expect(exportFileName({ ...none, sort }, "csv", NOW)).toBe(`migrations_${name}_2026-11-29T2215Z.csv`);
  });

  it("names the created range, either end alone or both, before the sort", () => {
    const range = { createdFrom: "2026-11-01", createdTo: "2026-11-29" };
    expect(exportFileName({ ...none, ...range, sort: "company" }, "json", NOW)).toBe(
      "migrations_created-2026-11-01-to-2026-11-29_by-company_2026-11-29T2215Z.json",
    );
    expect(exportFileName({ ...none, createdFrom: "2026-11-01", companyId: "c1" }, "csv", NOW)).toBe(
      "migrations_company-c1_created-from-2026-11-01_2026-11-29T2215Z.csv",
    );
    expect(exportFileName({ ...none, createdTo: "2026-11-29" }, "csv", NOW)).toBe(
      "migrations_created-to-2026-11-29_2026-11-29T2215Z.csv",
    );
  });

  it("keeps to safe characters and a bounded length whatever the reason holds", () => {
    const name = exportFileName({ ...none, reason: `"; rm -rf / ${"é".repeat(300)}` }, "csv", NOW);
    expect(name).toMatch(/^[A-Za-z0-9._+-]+$/);
    expect(name).toBe("migrations_reason-rm-rf_2026-11-29T2215Z.csv");
    expect(exportFileName({ ...none, reason: "漢字" }, "csv", NOW)).toBe("migrations_reason-text_2026-11-29T2215Z.csv");
    const long = exportFileName({ ...none, reason: "x".repeat(200), companyId: "c".repeat(128) }, "csv", NOW);
    expect(long.length).toBeLessThan(160);
  });
});
