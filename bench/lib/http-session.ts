/**
 * Signing in without a browser: next-auth's credentials endpoint (the same `authorize` and throttle as
 * the sign-in page), as the e2e helper `passwordSignInOverHttp` does. Returns the Cookie header to send.
 */

/** next-auth's session cookie over plain http (no __Secure- prefix). */
const SESSION_COOKIE = "authjs.session-token";

export const DEMO_ACCOUNT = { email: "demo@example.com", password: "demo-migrations" } as const;

/** name=value of every Set-Cookie of a response that does not delete its cookie. */
function cookiesSet(response: Response): Map<string, string> {
  const jar = new Map<string, string>();
  for (const header of response.headers.getSetCookie()) {
    const pair = header.split(";", 1)[0] ?? "";
    const eq = pair.indexOf("=");
    if (eq <= 0 || /max-age=0/i.test(header)) continue;
    jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return jar;
}

function cookieHeader(jar: Map<string, string>): string {
  return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
}

export async function signInOverHttp(
  baseUrl: string,
  account: { email: string; password: string } = DEMO_ACCOUNT,
): Promise<string> {
  const csrfResponse = await fetch(`${baseUrl}/api/auth/csrf`, { signal: AbortSignal.timeout(30_000) });
  const { csrfToken } = (await csrfResponse.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error(`GET /api/auth/csrf → ${csrfResponse.status} without a csrfToken`);
  const jar = cookiesSet(csrfResponse);
  const response = await fetch(`${baseUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: cookieHeader(jar) },
    body: new URLSearchParams({ csrfToken, email: account.email, password: account.password, callbackUrl: "/" }),
    redirect: "manual",
    signal: AbortSignal.timeout(30_000),
  });
  await response.arrayBuffer();
  for (const [name, value] of cookiesSet(response)) jar.set(name, value);
  if (!jar.has(SESSION_COOKIE)) {
    throw new Error(
      `sign-in as ${account.email} set no session cookie (POST /api/auth/callback/credentials → ${response.status}` +
        ` ${response.headers.get("location") ?? ""})`,
    );
  }
  return `${SESSION_COOKIE}=${jar.get(SESSION_COOKIE)}`;
}
