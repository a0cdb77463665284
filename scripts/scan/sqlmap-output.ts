/**
 * Reading sqlmap 1.7's console output (`--batch --disable-coloring`) for one target: which parameters it
 * tested, which it found injectable, how the run ended, and the HTTP error codes it met. sqlmap exits 0
 * whether or not it found something, so the text is the only verdict.
 */
import type { Finding } from "./findings";

export type SqlmapOutcome =
  /** Every tested parameter was found not injectable. */
  | "not-injectable"
  /** At least one injection point was identified. */
  | "injectable"
  /** Neither: sqlmap stopped early (connection, authorization, a crash). A scanner failure. */
  | "incomplete";

export interface SqlmapResult {
  outcome: SqlmapOutcome;
  /** "GET company_id", "URI #1*": the parameters sqlmap started testing, in order. */
  tested: string[];
  /** One per injectable parameter, with the techniques that worked. */
  injections: Array<{ place: string; parameter: string; techniques: string[] }>;
  /** "500 (Internal Server Error)" → times, from sqlmap's closing summary. */
  httpErrors: Map<number, { label: string; times: number }>;
  /** [CRITICAL] lines other than the "not injectable" verdict: why a run is incomplete. */
  critical: string[];
}

const TESTING = /testing for SQL injection on (\S+) parameter '([^']+)'/;
const NOT_INJECTABLE = /all tested parameters do not appear to be injectable/;
const IDENTIFIED = /sqlmap (?:identified|resumed) the following injection point\(s\)/;
const PARAMETER_LINE = /^Parameter: (.+) \((\w+)\)\s*$/;
const TYPE_LINE = /^\s+Type: (.+)$/;
const CRITICAL = /\[CRITICAL\] (.*)$/;
const HTTP_ERRORS = /^(\d{3}) \(([^)]*)\) - (\d+) times?/;

export function parseSqlmapOutput(output: string): SqlmapResult {
  const lines = output.split(/\r?\n/);
  const result: SqlmapResult = {
    outcome: "incomplete",
    tested: [],
    injections: [],
    httpErrors: new Map(),
    critical: [],
  };
  let notInjectable = false;
  let inInjectionBlock = false;
  let afterHttpErrorsHeader = false;
  for (const line of lines) {
    const testing = TESTING.exec(line);
    if (testing) {
      const name = `${testing[1]} ${testing[2]}`;
      if (!result.tested.includes(name)) result.tested.push(name);
    }
    if (NOT_INJECTABLE.test(line)) notInjectable = true;
    const critical = CRITICAL.exec(line);
    if (critical && !NOT_INJECTABLE.test(line)) result.critical.push(critical[1] ?? "");

    if (IDENTIFIED.test(line)) {
      inInjectionBlock = true;
      continue;
    }
    if (inInjectionBlock) {
      // The block is framed by "---" lines and ends at the first log line after it.
      if (/^\[\d\d:\d\d:\d\d\]/.test(line)) inInjectionBlock = false;
      const parameter = PARAMETER_LINE.exec(line);
      if (parameter) {
        result.injections.push({ parameter: parameter[1] ?? "", place: parameter[2] ?? "", techniques: [] });
      }
      const type = TYPE_LINE.exec(line);
      if (type) result.injections.at(-1)?.techniques.push(type[1] ?? "");
    }

    // "[WARNING] HTTP error codes detected during run:" then one line: "400 (Bad Request) - 409 times, 500 …".
    if (/HTTP error codes detected during run/.test(line)) {
      afterHttpErrorsHeader = true;
      continue;
    }
    if (afterHttpErrorsHeader) {
      afterHttpErrorsHeader = false;
      for (const part of line.split(/,\s*/)) {
        const match = HTTP_ERRORS.exec(part.trim());
        if (match) {
          result.httpErrors.set(Number(match[1]), { label: match[2] ?? "", times: Number(match[3]) });
        }
      }
    }
  }
  if (result.injections.length > 0) result.outcome = "injectable";
  else if (notInjectable) result.outcome = "not-injectable";
  return result;
}

/**
 * Findings of one target: each injection point is critical (wapiti rates SQL injection the same), and
 * server errors caused by the payloads are a high anomaly (as wapiti rates a 500): hostile input must get
 * a 4xx, never a crash.
 */
export function sqlmapFindings(result: SqlmapResult, target: { method: string; path: string }): Finding[] {
  const findings: Finding[] = result.injections.map((injection) => ({
    scanner: "sqlmap",
    kind: "injection",
    category: "SQL Injection",
    severity: "critical",
    method: target.method,
    path: target.path,
    parameter: injection.parameter,
    fields: "",
    info: `${injection.place} parameter '${injection.parameter}' is injectable: ${injection.techniques.join("; ")}`,
  }));
  for (const [code, { label, times }] of result.httpErrors) {
    if (code < 500) continue;
    findings.push({
      scanner: "sqlmap",
      kind: "anomaly",
      category: "Internal Server Error",
      severity: "high",
      method: target.method,
      path: target.path,
      parameter: "",
      fields: "",
      info: `${times} response(s) ${code} (${label}) to sqlmap's payloads`,
    });
  }
  return findings;
}
