import type { BffErrorBody, BffErrorCode } from "@/lib/bff/bff-error";
import type { ErrorBody, ErrorType } from "@/lib/embedded-api/contract";
import { WEBHOOK_ROUTE } from "@/lib/webhooks/route-path";
import { STATIC_SECURITY_HEADERS } from "./static-headers.mjs";

/**
 * Requests refused before any route runs (by the proxy, or before Next for TRACE), because Next
 * itself would answer them with a 500. Each is answered in the error shape of the API its path
 * belongs to, so a client of the embedded API or of the BFF reads it like any other error.
 */
export type RefusalReason = "malformed_path" | "malformed_form" | "cross_origin_write" | "method_not_allowed";

interface RefusalKind {
  status: number;
  message: string;
  /** The codes of the two APIs' error shapes; without them the answer is plain text. */
  api?: { bffCode: BffErrorCode; apiType: ErrorType };
}

const REFUSALS: Record<RefusalReason, RefusalKind> = {
  malformed_path: {
    status: 400,
    message: "The URL path is not valid percent-encoded UTF-8.",
    api: { bffCode: "invalid_parameter", apiType: "invalid_request" },
  },
  // Only pages are refused these two ways (see hasUnreadablePageForm and isCrossOriginPageWrite).
  malformed_form: { status: 400, message: "The form data could not be read." },
  cross_origin_write: { status: 403, message: "This request came from another site." },
  method_not_allowed: {
    status: 405,
    message: "This method is not supported here.",
    api: { bffCode: "method_not_allowed", apiType: "method_not_allowed" },
  },
};

export interface Refusal {
  status: number;
  headers: Record<string, string>;
  body: string;
}

function isEmbeddedApiPath(pathname: string): boolean {
  return pathname === "/api/v1" || pathname.startsWith("/api/v1/");
}

function isBffPath(pathname: string): boolean {
  return pathname.startsWith("/api/") && !pathname.startsWith("/api/auth/") && !isEmbeddedApiPath(pathname);
}

/** What the path's own routes accept: the APIs read with GET; pages and sign-in also take POSTs; webhooks only POSTs. */
function allowedMethods(pathname: string): string {
  if (pathname === WEBHOOK_ROUTE) return "POST";
  return isEmbeddedApiPath(pathname) || isBffPath(pathname) ? "GET" : "GET, POST";
}

export function refusalFor(pathname: string, reason: RefusalReason): Refusal {
  const kind = REFUSALS[reason];
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  for (const { key, value } of STATIC_SECURITY_HEADERS) headers[key] = value;
  if (reason === "method_not_allowed") headers.Allow = allowedMethods(pathname);

  let body: string;
  if (kind.api && isEmbeddedApiPath(pathname)) {
    body = JSON.stringify({ error: { type: kind.api.apiType, message: kind.message } } satisfies ErrorBody);
    headers["Content-Type"] = "application/json";
  } else if (kind.api && isBffPath(pathname)) {
    body = JSON.stringify({ error: { code: kind.api.bffCode, message: kind.message } } satisfies BffErrorBody);
    headers["Content-Type"] = "application/json";
  } else {
    body = kind.message;
    headers["Content-Type"] = "text/plain; charset=utf-8";
  }
  return { status: kind.status, headers, body };
}

export function refusalResponse(refusal: Refusal): Response {
  return new Response(refusal.body, { status: refusal.status, headers: refusal.headers });
}

/**
 * Next decodes route parameters itself and answers a path that is not valid percent-encoded UTF-8
 * (`/migrations/%ff`) with a 400 rendered through a Pages Router error page this App Router build
 * does not have, which ends in a 500. No route here can serve such a path.
 */
export function hasMalformedPath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return false;
  } catch {
    return true;
  }
}

const READ_METHODS = new Set(["GET", "HEAD"]);

function firstListValue(value: string | null): string | undefined {
  const first = value?.split(",")[0]?.trim();
  return first ? first : undefined;
}

/**
 * A write to a page (a server action: pages take no other POST) whose `Origin` is another host:
 * the rule Next applies to server actions (Origin against X-Forwarded-Host, else Host; no Origin
 * is a hand-made request that carries no victim's cookies), applied first because Next answers
 * its own refusal with a 500. The APIs answer for themselves: the BFF and the embedded API take
 * no writes, and sign-in's endpoints check their own CSRF token.
 */
export function isCrossOriginPageWrite(method: string, pathname: string, headers: Headers): boolean {
  if (READ_METHODS.has(method) || pathname.startsWith("/api/")) return false;
  const origin = headers.get("origin");
  if (origin === null) return false;
  const expectedHost = firstListValue(headers.get("x-forwarded-host")) ?? headers.get("host");
  if (origin === "null") return true;
  try {
    return new URL(origin).host !== expectedHost;
  } catch {
    return true;
  }
}

/**
 * Next reads every multipart POST to a page as a server action's form (the sign-out button works
 * without JavaScript that way) and answers a body that does not parse as one with a 500. Read
 * here with the same parser first; only pages are read (the APIs take no forms), and a page POST
 * is a server action's small form.
 */
export async function hasUnreadablePageForm(request: Request, pathname: string): Promise<boolean> {
  if (request.method !== "POST" || pathname.startsWith("/api/")) return false;
  if (!request.headers.get("content-type")?.toLowerCase().startsWith("multipart/form-data")) return false;
  try {
    await request.clone().formData();
    return false;
  } catch {
    return true;
  }
}
