import { describe, expect, it } from "vitest";
import { parseSqlmapOutput, sqlmapFindings } from "./sqlmap-output";

const TARGET = { method: "GET", path: "/api/v1/migrations" };

/** Trimmed from a real sqlmap 1.7.2 run against this app. */
const CLEAN = `[17:36:58] [INFO] testing for SQL injection on GET parameter 'company_id'
[17:37:09] [WARNING] GET parameter 'company_id' does not seem to be injectable
[17:37:09] [INFO] testing for SQL injection on GET parameter 'page'
[17:37:09] [ERROR] all tested parameters do not appear to be injectable. Try to increase values for '--level'/'--risk' options
[17:37:09] [WARNING] HTTP error codes detected during run:
400 (Bad Request) - 409 times, 500 (Internal Server Error) - 2 times
[17:37:09] [WARNING] your sqlmap version is outdated`;

const INJECTABLE = `[17:40:00] [INFO] testing for SQL injection on GET parameter 'id'
[17:40:01] [INFO] GET parameter 'id' appears to be 'AND boolean-based blind - WHERE or HAVING clause' injectable
GET parameter 'id' is vulnerable. Do you want to keep testing the others (if any)? [y/N] N
sqlmap identified the following injection point(s) with a total of 46 HTTP(s) requests:
---
Parameter: id (GET)
    Type: boolean-based blind
    Title: AND boolean-based blind - WHERE or HAVING clause
    Payload: id=1 AND 5127=5127

    Type: time-based blind
    Title: SQLite > 2.0 AND time-based blind (heavy query)
    Payload: id=1 AND 1=1
---
[17:40:02] [INFO] the back-end DBMS is SQLite`;

describe("sqlmap output", () => {
  it("reads a clean run: tested parameters, verdict and the HTTP errors; 5xx become a high anomaly", () => {
    const result = parseSqlmapOutput(CLEAN);
    expect(result.outcome).toBe("not-injectable");
    expect(result.tested).toEqual(["GET company_id", "GET page"]);
    expect([...result.httpErrors]).toEqual([
      [400, { label: "Bad Request", times: 409 }],
      [500, { label: "Internal Server Error", times: 2 }],
    ]);
    const findings = sqlmapFindings(result, TARGET);
    expect(findings.map((finding) => [finding.category, finding.severity])).toEqual([
      ["Internal Server Error", "high"],
    ]);
  });

  it("reads an injection point with its techniques as a critical finding", () => {
    const result = parseSqlmapOutput(INJECTABLE);
    expect(result.outcome).toBe("injectable");
    expect(result.injections).toEqual([
      { parameter: "id", place: "GET", techniques: ["boolean-based blind", "time-based blind"] },
    ]);
    expect(sqlmapFindings(result, TARGET)).toMatchObject([{ severity: "critical", parameter: "id" }]);
  });

  it("calls a run without a verdict incomplete and keeps its critical lines", () => {
    const result = parseSqlmapOutput(
      "[17:00:00] [INFO] testing connection to the target URL\n[17:00:01] [CRITICAL] unable to connect to the target URL",
    );
    expect(result.outcome).toBe("incomplete");
    expect(result.critical).toEqual(["unable to connect to the target URL"]);
  });
});
