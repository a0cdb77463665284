/**
 * What the scanners found, on one scale, and the allow-list of findings known to be false positives.
 * Pure functions: the parsers and the verdict are unit-tested without running a scanner.
 */

export type Scanner = "wapiti" | "sqlmap";

/** Wapiti's own scale (0 info … 4 critical); sqlmap's findings are mapped onto it. */
export const SEVERITIES = ["info", "low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The scan fails from this severity up. */
export const FAILING_SEVERITY: Severity = "medium";

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function isFailing(severity: Severity): boolean {
  return severityRank(severity) >= severityRank(FAILING_SEVERITY);
}

export interface Finding {
  scanner: Scanner;
  /** wapiti: vulnerability, anomaly or additional (its report's three lists); sqlmap: injection or anomaly. */
  kind: string;
  /** wapiti's category ("Cross Site Request Forgery", "Internal Server Error"…) or sqlmap's technique. */
  category: string;
  severity: Severity;
  method: string;
  /** Path without the query string. */
  path: string;
  parameter: string;
  /** The names of a POST body's fields, comma-separated ("" otherwise): which form it was. */
  fields: string;
  info: string;
}

/**
 * One known false positive. Every field must match (regular expressions against the whole value), so an
 * entry covers one finding on one route and nothing that merely resembles it.
 */
export interface AllowedFinding {
  scanner: Scanner;
  category: string;
  method: string;
  path: RegExp;
  parameter: RegExp;
  fields: RegExp;
  info: RegExp;
  /** Shown beside the finding in the summary. */
  reason: string;
}

function fullMatch(pattern: RegExp, value: string): boolean {
  const match = pattern.exec(value);
  return match !== null && match.index === 0 && match[0].length === value.length;
}

export function allowedBy(finding: Finding, allowList: readonly AllowedFinding[]): AllowedFinding | undefined {
  return allowList.find(
    (entry) =>
      entry.scanner === finding.scanner &&
      entry.category === finding.category &&
      entry.method === finding.method &&
      fullMatch(entry.path, finding.path) &&
      fullMatch(entry.parameter, finding.parameter) &&
      fullMatch(entry.fields, finding.fields) &&
      fullMatch(entry.info, finding.info),
  );
}

export interface Verdict {
  /** Medium or above and not allow-listed: each one fails the scan. */
  failing: Finding[];
  /** Medium or above, allow-listed, with the entry that allowed it. */
  allowed: Array<{ finding: Finding; entry: AllowedFinding }>;
  /** Below medium: reported, never failing. */
  below: Finding[];
  /** Entries that matched nothing this run: a fixed issue or a changed message; worth a look, not a failure. */
  unusedEntries: AllowedFinding[];
}

export function judge(findings: readonly Finding[], allowList: readonly AllowedFinding[]): Verdict {
  const verdict: Verdict = { failing: [], allowed: [], below: [], unusedEntries: [] };
  const used = new Set<AllowedFinding>();
  for (const finding of findings) {
    if (!isFailing(finding.severity)) {
      verdict.below.push(finding);
      continue;
    }
    const entry = allowedBy(finding, allowList);
    if (entry) {
      used.add(entry);
      verdict.allowed.push({ finding, entry });
    } else {
      verdict.failing.push(finding);
    }
  }
  verdict.unusedEntries = allowList.filter((entry) => !used.has(entry));
  return verdict;
}

/** Count per severity, in scale order, for the summary table. */
export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

export function describeFinding(finding: Finding): string {
  const form = finding.fields ? ` (form fields ${finding.fields})` : "";
  const where = `${finding.method} ${finding.path}${form}${finding.parameter ? ` [${finding.parameter}]` : ""}`;
  return `${finding.scanner} ${finding.severity} ${finding.kind} "${finding.category}" at ${where}: ${finding.info}`;
}
