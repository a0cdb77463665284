import type { APIRequestContext } from "@playwright/test";

/** Which part of the app a path belongs to: each answers errors in its own way. */
export type Surface = "page" | "bff" | "api" | "auth";

export function surfaceOf(path: string): Surface {
  const pathname = path.split("?")[0] ?? path;
  if (pathname === "/api/v1" || pathname.startsWith("/api/v1/")) return "api";
  if (pathname.startsWith("/api/auth/")) return "auth";
  if (pathname.startsWith("/api/")) return "bff";
  return "page";
}

export interface HostileRequest {
  method?: string;
  /** As sent: its percent-encoding is kept (the URL parser still resolves plain `..` segments). */
  path: string;
  headers?: Record<string, string>;
  multipart?: Record<string, string>;
  form?: Record<string, string>;
  body?: string;
  /** The one status it must get, where the test knows it. */
  status?: number;
}

export interface Expectations {
  /** The app's own origins: a redirect may only lead there. */
  appOrigins: readonly string[];
  /** Text no answer may contain: another organization's migration ids. */
  forbidden: readonly string[];
  /** Signed out, no answer may carry the signed-in header or the BFF's data. */
  signedIn: boolean;
}

function labelOf(request: HostileRequest): string {
  const extras = Object.entries(request.headers ?? {}).map(([name, value]) => `${name}: ${value.slice(0, 60)}`);
  return `${request.method ?? "GET"} ${request.path.slice(0, 120)}${extras.length ? ` [${extras.join("; ")}]` : ""}`;
}

function isSameOrigin(location: string, appOrigins: readonly string[]): boolean {
  if (location.startsWith("/")) return !location.startsWith("//") && !location.startsWith("/\\");
  try {
    return appOrigins.includes(new URL(location).origin);
  } catch {
    return false;
  }
}

/** The BFF's `{"error":{"code","message"}}` or the embedded API's `{"error":{"type","message"}}`. */
function isErrorBody(text: string, key: "code" | "type"): boolean {
  try {
    const body = JSON.parse(text) as { error?: Record<string, unknown> };
    return typeof body.error?.[key] === "string" && typeof body.error.message === "string";
  } catch {
    return false;
  }
}

function problemsOf(
  request: HostileRequest,
  status: number,
  headers: Record<string, string>,
  body: string,
  expectations: Expectations,
): string[] {
  const problems: string[] = [];
  const surface = surfaceOf(request.path);
  const method = request.method ?? "GET";
  if (status >= 500) problems.push(`answered ${status}`);
  if (request.status !== undefined && status !== request.status) {
    problems.push(`answered ${status}, not ${request.status}`);
  }
  const location = headers.location;
  if (location !== undefined && !isSameOrigin(location, expectations.appOrigins)) {
    problems.push(`redirects off-site to ${location}`);
  }
  // What the request itself names may come back (a 404 page echoes its URL); anything else may not.
  const sentText = JSON.stringify(request);
  for (const text of expectations.forbidden) {
    if (body.includes(text) && !sentText.includes(text)) problems.push(`leaks another organization's ${text}`);
  }
  if (surface === "bff" || surface === "api") {
    if (status >= 300 && status < 400) problems.push(`an API redirected (${status})`);
    if (status >= 400 && method !== "HEAD" && !isErrorBody(body, surface === "bff" ? "code" : "type")) {
      problems.push(`error ${status} without the ${surface} error body: ${body.slice(0, 120)}`);
    }
  }
  if (!expectations.signedIn) {
    if (surface === "bff" && status < 300 && method !== "OPTIONS")
      problems.push(`signed out, the BFF answered ${status}`);
    if (body.includes('data-testid="signed-in-user"')) problems.push("signed out, a page shows the signed-in header");
  }
  return problems;
}

/** Sends hostile requests and keeps count: every answer is checked, every problem kept for one report. */
export class HostileRun {
  sent = 0;
  serverErrors = 0;
  readonly problems: string[] = [];

  async send(
    context: APIRequestContext,
    requests: readonly HostileRequest[],
    expectations: Expectations,
    concurrency = 4,
  ): Promise<void> {
    let next = 0;
    const worker = async () => {
      for (let index = next++; index < requests.length; index = next++) {
        const request = requests[index] as HostileRequest;
        const response = await context.fetch(request.path, {
          method: request.method ?? "GET",
          headers: request.headers,
          multipart: request.multipart,
          form: request.form,
          data: request.body,
          maxRedirects: 0,
          failOnStatusCode: false,
        });
        const body = (await response.body()).toString("utf8");
        this.sent++;
        if (response.status() >= 500) this.serverErrors++;
        const found = problemsOf(request, response.status(), response.headers(), body, expectations);
        for (const problem of found) this.problems.push(`${labelOf(request)}: ${problem}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  /** The problems found since `mark` (a length of `problems` taken before). */
  since(mark: number): string[] {
    return this.problems.slice(mark);
  }
}
