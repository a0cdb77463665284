import { describe, expect, it } from "vitest";
import { formFields, parseWapitiReport, wapitiFindings } from "./wapiti-report";

/** The shape wapiti 3.0.4 writes (trimmed from a real report of this app). */
const REPORT = {
  classifications: {},
  vulnerabilities: {
    "Cross Site Request Forgery": [
      {
        method: "POST",
        path: "/migrations",
        info: "Lack of anti CSRF token",
        level: 2,
        parameter: "",
        http_request:
          "POST /migrations HTTP/1.1\nHost: 127.0.0.1:34167\nContent-Type: multipart/form-data\n\n%24ACTION_ID_00b31a=default",
        curl_command: "curl …",
      },
    ],
    "HTTP Secure Headers": [
      { method: "GET", path: "/", info: "X-XSS-Protection is not set", level: 1, parameter: "", http_request: "" },
    ],
    "SQL Injection": [],
  },
  anomalies: {
    "Internal Server Error": [
      { method: "GET", path: "/api/migrations", info: "500 via page", level: "3", parameter: "page" },
    ],
  },
  additionals: {},
  infos: { target: "http://127.0.0.1:34167/", version: "Wapiti 3.0.4", scope: "folder" },
};

describe("wapiti report", () => {
  it("turns every entry of the three lists into a finding with its severity", () => {
    const findings = wapitiFindings(parseWapitiReport(REPORT));
    expect(findings.map((finding) => [finding.kind, finding.category, finding.severity, finding.parameter])).toEqual([
      ["vulnerability", "Cross Site Request Forgery", "medium", ""],
      ["vulnerability", "HTTP Secure Headers", "low", ""],
      ["anomaly", "Internal Server Error", "high", "page"],
    ]);
    expect(findings[0]?.fields).toBe("$ACTION_ID_00b31a");
    expect(findings[1]?.fields).toBe("");
  });

  it("refuses a level outside wapiti's scale and a report of another shape", () => {
    const bad = { ...REPORT, anomalies: { X: [{ method: "GET", path: "/", info: "", level: 7 }] } };
    expect(() => wapitiFindings(parseWapitiReport(bad))).toThrow(/unknown level 7/);
    expect(() => parseWapitiReport({ vulnerabilities: [] })).toThrow(/not understood/);
  });

  it("names a POST form by its decoded field names", () => {
    const request = "POST /signin HTTP/1.1\nHost: x\n\n%24ACTION_REF_1=&%24ACTION_1%3A0=%7B%7D&email=a%40b&password=x";
    expect(formFields("POST", request)).toBe("$ACTION_REF_1,$ACTION_1:0,email,password");
    expect(formFields("GET", request)).toBe("");
  });
});
