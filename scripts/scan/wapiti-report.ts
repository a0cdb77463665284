/**
 * Reading wapiti 3.0.4's JSON report (`-f json`): three maps from category to entries —
 * `vulnerabilities`, `anomalies` (server errors, timeouts) and `additionals` (fingerprints) — each entry
 * with a `level` from 0 (info) to 4 (critical), written as a number or a numeric string.
 */
import { z } from "zod";
import { type Finding, SEVERITIES, type Severity } from "./findings";

const entrySchema = z.object({
  method: z.string(),
  path: z.string(),
  info: z.string(),
  level: z.union([z.number(), z.string()]),
  parameter: z.string().nullish(),
  http_request: z.string().optional(),
});

const categoriesSchema = z.record(z.string(), z.array(entrySchema));

const reportSchema = z.object({
  vulnerabilities: categoriesSchema,
  anomalies: categoriesSchema,
  additionals: categoriesSchema.optional(),
  infos: z.object({ target: z.string(), version: z.string() }).partial().optional(),
});

export type WapitiReport = z.infer<typeof reportSchema>;

/**
 * The field names of the request's body, as wapiti writes it (urlencoded after the headers, whatever the
 * Content-Type it sends): the form a finding is about. Only for POST; a GET's parameters are in the URL.
 */
export function formFields(method: string, httpRequest: string | undefined): string {
  if (method !== "POST" || !httpRequest) return "";
  const blank = httpRequest.indexOf("\n\n");
  if (blank < 0) return "";
  const body = httpRequest.slice(blank + 2).trim();
  if (!body) return "";
  return body
    .split("&")
    .map((pair) => {
      const name = pair.split("=", 1)[0] ?? "";
      try {
        return decodeURIComponent(name.replace(/\+/g, " "));
      } catch {
        return name;
      }
    })
    .join(",");
}

/** A level outside 0–4 means a report this parser does not understand: an error, not a silent "info". */
function severityOfLevel(level: number | string): Severity {
  const rank = typeof level === "number" ? level : Number(level);
  const severity = Number.isInteger(rank) ? SEVERITIES[rank] : undefined;
  if (!severity) throw new Error(`wapiti report: unknown level ${JSON.stringify(level)}`);
  return severity;
}

export function parseWapitiReport(json: unknown): WapitiReport {
  const parsed = reportSchema.safeParse(json);
  if (!parsed.success) throw new Error(`wapiti report not understood: ${parsed.error.message}`);
  return parsed.data;
}

export function wapitiFindings(report: WapitiReport): Finding[] {
  const findings: Finding[] = [];
  const lists = [
    ["vulnerability", report.vulnerabilities],
    ["anomaly", report.anomalies],
    ["additional", report.additionals ?? {}],
  ] as const;
  for (const [kind, categories] of lists) {
    for (const [category, entries] of Object.entries(categories)) {
      for (const entry of entries) {
        findings.push({
          scanner: "wapiti",
          kind,
          category,
          severity: severityOfLevel(entry.level),
          method: entry.method,
          // Wapiti reports the path alone; a query string would make allow-list entries depend on test data.
          path: entry.path.split("?", 1)[0] ?? entry.path,
          parameter: entry.parameter ?? "",
          fields: formFields(entry.method, entry.http_request),
          info: entry.info,
        });
      }
    }
  }
  return findings;
}
