/**
 * sqlmap against every query and path parameter that reaches a database: the embedded Migrations API
 * (Bearer key) and the BFF (session cookie), list and detail, one sqlmap run per target, each in its
 * own output folder so no run resumes another's session.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Finding } from "./findings";
import { progress, runTool, tail } from "./run-tool";
import { parseSqlmapOutput, sqlmapFindings } from "./sqlmap-output";

/** Level 2 adds more payloads per technique (and would test cookies, but `-p` names the parameters). */
const SQLMAP_LEVEL = 2;
/** Risk 1: no heavy time-based queries and no OR-based payloads, which could change data. */
const SQLMAP_RISK = 1;
const SQLMAP_TARGET_TIMEOUT_MS = 15 * 60_000;

export interface SqlmapTarget {
  name: string;
  /** Path with its query; a `*` marks a path segment to inject into. */
  pathAndQuery: string;
  /** Query parameters to test (`-p`); none when the path carries a `*` marker. */
  parameters: readonly string[];
  auth: { header: string } | { cookie: string };
}

export interface SqlmapOutcome {
  findings: Finding[];
  failures: string[];
}

export interface SqlmapInput {
  baseUrl: string;
  proxyUrl: string;
  workDir: string;
  targets: readonly SqlmapTarget[];
  requestsSoFar: () => number;
}

export async function runSqlmap(input: SqlmapInput): Promise<SqlmapOutcome> {
  const findings: Finding[] = [];
  const failures: string[] = [];
  for (const [index, target] of input.targets.entries()) {
    const label = `sqlmap ${index + 1}/${input.targets.length} ${target.name}`;
    const outputDir = path.join(input.workDir, "sqlmap", String(index + 1));
    mkdirSync(outputDir, { recursive: true });
    const args = [
      ...["-u", `${input.baseUrl}${target.pathAndQuery}`],
      "--batch",
      ...["--level", String(SQLMAP_LEVEL), "--risk", String(SQLMAP_RISK)],
      ...(target.parameters.length > 0 ? ["-p", target.parameters.join(",")] : []),
      ...("header" in target.auth ? ["--headers", target.auth.header] : ["--cookie", target.auth.cookie]),
      // A response that renews or clears the session must not change what the next request sends.
      "--drop-set-cookie",
      ...["--proxy", input.proxyUrl],
      ...["--output-dir", outputDir],
      ...["--timeout", "30", "--retries", "2"],
      "--disable-coloring",
    ];
    let parameter = "starting";
    progress(`${label}: GET ${target.pathAndQuery.split("?", 1)[0]}`);
    const run = await runTool({
      command: "sqlmap",
      args,
      logFile: path.join(outputDir, "sqlmap.log"),
      timeoutMs: SQLMAP_TARGET_TIMEOUT_MS,
      onLine: (line) => {
        const testing = /testing for SQL injection on (\S+) parameter '([^']+)'/.exec(line);
        if (testing) {
          parameter = `${testing[1]} parameter '${testing[2]}'`;
          progress(`${label}: ${parameter}`);
        }
        if (/ is vulnerable\.|might be injectable|appears to be .* injectable/.test(line)) {
          progress(`${label}: ${line.replace(/^\[[\d:]+\] /, "")}`);
        }
      },
      heartbeat: (runningFor) =>
        `${label}: ${parameter}, running ${runningFor} (${input.requestsSoFar().toLocaleString("en-US")} requests)`,
    });
    const result = parseSqlmapOutput(run.output);
    const targetPath = target.pathAndQuery.split("?", 1)[0] ?? target.pathAndQuery;
    findings.push(...sqlmapFindings(result, { method: "GET", path: targetPath }));

    const problems: string[] = [];
    if (run.timedOut) problems.push("ran past its time limit and was stopped");
    else if (run.exitCode !== 0) problems.push(`exited with ${run.exitCode ?? run.signal}`);
    if (result.outcome === "incomplete") {
      problems.push(`gave no verdict${result.critical.length ? ` (${result.critical.join("; ")})` : ""}`);
    }
    // A rejected key or session means every payload met the sign-in check, not the query.
    for (const code of [401, 403]) {
      const rejected = result.httpErrors.get(code);
      if (rejected) problems.push(`${rejected.times} responses ${code}: the credentials stopped working`);
    }
    const expected = target.parameters.length > 0 ? target.parameters.map((name) => `GET ${name}`) : ["URI #1*"];
    const untested = expected.filter((name) => !result.tested.includes(name));
    if (untested.length > 0) problems.push(`did not test ${untested.join(", ")}`);
    for (const problem of problems) failures.push(`${label}: ${problem}`);
    if (problems.length > 0) console.log(`sqlmap's last output lines:\n${tail(run.output)}`);

    const errors = [...result.httpErrors].map(([code, { times }]) => `${times}× ${code}`).join(", ");
    progress(
      `${label}: ${result.outcome}, tested ${result.tested.length} parameter(s)` +
        (errors ? `; HTTP errors: ${errors}` : ""),
    );
  }
  return { findings, failures };
}
