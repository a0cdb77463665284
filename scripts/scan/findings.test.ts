import { describe, expect, it } from "vitest";
import { type AllowedFinding, type Finding, judge } from "./findings";

const csrf: Finding = {
  scanner: "wapiti",
  kind: "vulnerability",
  category: "Cross Site Request Forgery",
  severity: "medium",
  method: "POST",
  path: "/migrations",
  parameter: "",
  fields: "$ACTION_ID_abc",
  info: "Lack of anti CSRF token",
};

const entry: AllowedFinding = {
  scanner: "wapiti",
  category: "Cross Site Request Forgery",
  method: "POST",
  path: /\/migrations/,
  parameter: /(?:)/,
  fields: /\$ACTION_ID_abc/,
  info: /Lack of anti CSRF token/,
  reason: "test",
};

describe("judge", () => {
  it("fails medium and above unless an entry matches every field in full; below medium only reports", () => {
    const low: Finding = { ...csrf, severity: "low", category: "HTTP Secure Headers" };
    const otherForm: Finding = { ...csrf, fields: "$ACTION_ID_abc,email" };
    const otherPath: Finding = { ...csrf, path: "/migrations/extra" };
    const verdict = judge([csrf, low, otherForm, otherPath], [entry]);
    expect(verdict.allowed.map(({ finding }) => finding)).toEqual([csrf]);
    expect(verdict.failing).toEqual([otherForm, otherPath]);
    expect(verdict.below).toEqual([low]);
    expect(verdict.unusedEntries).toEqual([]);
  });

  it("reports entries that matched nothing", () => {
    expect(judge([], [entry]).unusedEntries).toEqual([entry]);
  });
});
