import { type NextFetchEvent, NextRequest, NextResponse } from "next/server";
import { auth } from "@/lib/auth";
import { oidcSettings } from "@/lib/auth/oidc";
import { contentSecurityPolicy } from "@/lib/security/content-security-policy";
import {
  hasMalformedPath,
  hasUnreadablePageForm,
  isCrossOriginPageWrite,
  type RefusalReason,
  refusalFor,
  refusalResponse,
} from "@/lib/security/early-refusals";
import { saneForwardedHeaders } from "@/lib/security/forwarded-headers";
import { HSTS_HEADER, STATIC_SECURITY_HEADERS } from "@/lib/security/static-headers.mjs";

/**
 * First line only: signed-out page requests go to sign-in (keeping the URL to come back to), and
 * every response gets its security headers. Pages and route handlers check the session again
 * themselves; API routes answer for themselves (401 JSON, API keys), so they are never redirected.
 * Apart from sign-in's own endpoints and health, only `POST /api/webhooks/migrations` acts on a
 * request without a session or a key: its signature is its credential, and an unsigned request gets
 * the same 401 whatever it sends (e2e/webhooks.spec.ts checks that nothing else opened up).
 */
const PUBLIC_PAGES = new Set(["/signin"]);
/** The app's icon: the sign-in page shows it, and a browser asks for it before anyone signs in. */
const PUBLIC_FILES = new Set(["/icon.svg"]);

function needsSignIn(pathname: string): boolean {
  return !pathname.startsWith("/api/") && !PUBLIC_PAGES.has(pathname) && !PUBLIC_FILES.has(pathname);
}

function issuerOrigin(): string[] {
  const issuer = oidcSettings()?.issuer;
  try {
    return issuer ? [new URL(issuer).origin] : [];
  } catch {
    return [];
  }
}

function withSecurityHeaders<R extends Response>(response: R, csp: string, https: boolean): R {
  response.headers.set("Content-Security-Policy", csp);
  for (const { key, value } of STATIC_SECURITY_HEADERS) response.headers.set(key, value);
  if (https) response.headers.set(HSTS_HEADER.key, HSTS_HEADER.value);
  return response;
}

type ProxyHandler = (request: NextRequest, event: NextFetchEvent) => Promise<Response>;

// With a lazily built config (lib/auth/index.ts), next-auth's wrapper resolves to the handler.
function policyFor(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy({
    nonce,
    development: process.env.NODE_ENV === "development",
    formTargets: issuerOrigin(),
  });
  const https =
    request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto")?.split(",")[0] === "https";
  return { nonce, csp, https };
}

function securityHeadersOnly(request: NextRequest, saneHeaders: Headers | undefined): NextResponse {
  const { csp, https } = policyFor(request);
  const next = saneHeaders ? NextResponse.next({ request: { headers: saneHeaders } }) : NextResponse.next();
  return withSecurityHeaders(next, csp, https);
}

const protect = auth((request: NextRequest & { auth: unknown }) => {
  const { nonce, csp, https } = policyFor(request);

  const { pathname, search } = request.nextUrl;
  if (!request.auth && needsSignIn(pathname)) {
    const signIn = new URL("/signin", request.url);
    signIn.searchParams.set("callbackUrl", `${pathname}${search}`);
    return withSecurityHeaders(NextResponse.redirect(signIn), csp, https);
  }

  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  requestHeaders.set("x-nonce", nonce);
  return withSecurityHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp, https);
}) as unknown as Promise<ProxyHandler>;

/**
 * next-auth's wrapper re-issues the session cookie on every response. A prefetch answered after
 * sign-out would bring the cookie back, so the proxy never sets it: sessions last their fixed
 * 12 hours from sign-in, and only sign-in and sign-out set or clear the cookie.
 */
function withoutSessionCookie(response: Response): Response {
  const cookies = response.headers.getSetCookie();
  const kept = cookies.filter((cookie) => !/^(__Secure-)?authjs\.session-token(\.\d+)?=/.test(cookie));
  if (kept.length === cookies.length) return response;
  response.headers.delete("set-cookie");
  for (const cookie of kept) response.headers.append("set-cookie", cookie);
  return response;
}

/** Requests Next would answer with a 500 (see lib/security/early-refusals.ts), refused here with a 4xx. */
async function refusalReason(request: NextRequest, headers: Headers): Promise<RefusalReason | undefined> {
  const { pathname } = request.nextUrl;
  if (hasMalformedPath(pathname)) return "malformed_path";
  if (isCrossOriginPageWrite(request.method, pathname, headers)) return "cross_origin_write";
  if (await hasUnreadablePageForm(request, pathname)) return "malformed_form";
  return undefined;
}

export async function proxy(request: NextRequest, event: NextFetchEvent): Promise<Response> {
  const saneHeaders = saneForwardedHeaders(request.headers, request.nextUrl);
  const reason = await refusalReason(request, saneHeaders ?? request.headers);
  if (reason) {
    const { csp, https } = policyFor(request);
    return withSecurityHeaders(refusalResponse(refusalFor(request.nextUrl.pathname, reason)), csp, https);
  }
  // API routes answer for themselves (session or API key) and are never redirected: they get their
  // headers without the cost of reading a session here.
  if (request.nextUrl.pathname.startsWith("/api/")) return securityHeadersOnly(request, saneHeaders);
  // The session check below and the page after it read the forwarded headers: both get the sane ones.
  const saneRequest = saneHeaders ? new NextRequest(request, { headers: saneHeaders }) : request;
  return withoutSessionCookie(await (await protect)(saneRequest, event));
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
