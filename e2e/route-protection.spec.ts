import { type APIResponse, expect, type Page, test } from "@playwright/test";
import { signedInTest, signInAsDemo } from "./support/auth";
import { demoMigrations } from "./support/migrations";
import { E2E } from "./support/servers";

let migrationId = "";

test.beforeAll(async ({ request }) => {
  // Not the newest one: a deep link to a migration further down the list.
  const migrations = await demoMigrations(request);
  migrationId = migrations.at(-1)?.id ?? "";
  expect(migrationId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
});

test("a signed-out deep link to a migration goes through sign-in and lands exactly on that migration", async ({
  page,
}) => {
  await page.goto(`/migrations/${migrationId}`);
  const signInUrl = new URL(page.url());
  expect(signInUrl.origin + signInUrl.pathname).toBe(`${E2E.baseURL}/signin`);
  expect(signInUrl.searchParams.get("callbackUrl")).toBe(`/migrations/${migrationId}`);
  await expect(page.getByTestId("detail-id")).toHaveCount(0);

  await signInAsDemo(page);
  await expect(page).toHaveURL(`${E2E.baseURL}/migrations/${migrationId}`);
  await expect(page.getByTestId("detail-id")).toHaveText(migrationId);
});

test("a signed-out deep link to a filtered list keeps its query through sign-in", async ({ page }) => {
  const target = "/migrations?status=FAILED&page_size=10&sort=created";
  await page.goto(target);
  expect(new URL(page.url()).searchParams.get("callbackUrl")).toBe(target);
  await signInAsDemo(page);
  await expect(page).toHaveURL(`${E2E.baseURL}${target}`);
});

async function expectUnauthenticatedJson(response: APIResponse, what: string): Promise<void> {
  expect(response.status(), what).toBe(401);
  expect(response.headers().location, what).toBeUndefined();
  expect(response.headers()["content-type"], what).toContain("application/json");
  const body = await response.json();
  expect(body, what).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
}

function expectRedirectToSignIn(response: APIResponse, from: string): void {
  expect([302, 303, 307, 308], `${from} status`).toContain(response.status());
  const location = new URL(response.headers().location ?? "", E2E.baseURL);
  expect(location.origin + location.pathname, `${from} location`).toBe(`${E2E.baseURL}/signin`);
  expect(location.searchParams.get("callbackUrl"), `${from} callbackUrl`).toBe(from);
}

const SUBREQUEST_HEADER_VALUES = [
  "middleware",
  "proxy",
  "src/middleware",
  "src/proxy",
  "middleware:middleware:middleware:middleware:middleware",
  "src/middleware:middleware:middleware:middleware:middleware",
  "proxy:proxy:proxy:proxy:proxy",
  "src/proxy:src/proxy:src/proxy:src/proxy:src/proxy",
];

test("signed out, the BFF answers 401 JSON (never a redirect, never data), whatever x-middleware-subrequest says", async ({
  request,
}) => {
  const paths = ["/api/migrations", "/api/migrations?status=FAILED", `/api/migrations/${migrationId}`];
  for (const path of paths) {
    await expectUnauthenticatedJson(await request.get(path, { maxRedirects: 0 }), path);
    for (const value of SUBREQUEST_HEADER_VALUES) {
      const response = await request.get(path, { maxRedirects: 0, headers: { "x-middleware-subrequest": value } });
      await expectUnauthenticatedJson(response, `${path} with x-middleware-subrequest: ${value}`);
    }
  }
});

test("signed out, pages redirect to sign-in, whatever x-middleware-subrequest says", async ({ request }) => {
  const paths = ["/migrations", `/migrations/${migrationId}`];
  for (const path of paths) {
    expectRedirectToSignIn(await request.get(path, { maxRedirects: 0 }), path);
    for (const value of SUBREQUEST_HEADER_VALUES) {
      const response = await request.get(path, { maxRedirects: 0, headers: { "x-middleware-subrequest": value } });
      expectRedirectToSignIn(response, path);
      const body = await response.text();
      // Nothing of the signed-in pages: no header, no migration.
      expect(body, `${path} with x-middleware-subrequest: ${value}`).not.toContain("Sign out");
      expect(body, `${path} with x-middleware-subrequest: ${value}`).not.toContain('data-testid="detail-id"');
    }
  }
});

test("signed out, the app icon the sign-in page shows is served (not a redirect), with the security headers", async ({
  request,
}) => {
  const icon = await request.get("/icon.svg", { maxRedirects: 0 });
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");
  expect(icon.headers()["x-content-type-options"]).toBe("nosniff");
  // Only that file: a look-alike path is still a page behind sign-in.
  expectRedirectToSignIn(await request.get("/icon.svg/x", { maxRedirects: 0 }), "/icon.svg/x");
});

/** The decoded values an attacker would put in callbackUrl to be sent off-site after sign-in. */
const OPEN_REDIRECT_ATTEMPTS = ["https://evil.test", "//evil.test", "/\\evil.test", "/\t/evil.test", "/.//evil.test"];

async function recordOffSiteRequests(page: Page): Promise<string[]> {
  const offSite: string[] = [];
  await page.route(
    (url) => url.origin !== E2E.baseURL,
    (route) => {
      offSite.push(route.request().url());
      return route.abort();
    },
  );
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame() && new URL(frame.url()).origin !== E2E.baseURL) offSite.push(frame.url());
  });
  return offSite;
}

for (const attempt of OPEN_REDIRECT_ATTEMPTS) {
  test(`callbackUrl ${JSON.stringify(attempt)} never sends the browser off-site after sign-in`, async ({ page }) => {
    const offSite = await recordOffSiteRequests(page);
    const redirects: string[] = [];
    page.on("response", (response) => {
      const location = response.headers().location ?? response.headers()["x-action-redirect"];
      if (location) redirects.push(location);
    });
    await page.goto(`/signin?callbackUrl=${encodeURIComponent(attempt)}`);
    for (const input of await page.locator('input[name="callbackUrl"]').all()) await expect(input).toHaveValue("/");

    await signInAsDemo(page);
    await expect(page).toHaveURL(`${E2E.baseURL}/migrations`);
    expect(offSite).toEqual([]);
    for (const location of redirects) expect(new URL(location, E2E.baseURL).origin).toBe(E2E.baseURL);

    // Signed in, the sign-in page sends the browser on at once: to this site's home, never off-site.
    const again = await page.request.get(`/signin?callbackUrl=${encodeURIComponent(attempt)}`, { maxRedirects: 0 });
    expect(again.status()).toBe(307);
    expect(new URL(again.headers().location ?? "", E2E.baseURL).href).toBe(`${E2E.baseURL}/`);
    expect(offSite).toEqual([]);
  });
}

function cspOf(response: APIResponse): string {
  const csp = response.headers()["content-security-policy"];
  expect(csp, `CSP on ${response.url()}`).toBeDefined();
  return csp ?? "";
}

function nonceOf(csp: string): string {
  const nonce = /script-src [^;]*'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
  expect(nonce, `a script nonce in ${csp}`).toBeDefined();
  return nonce ?? "";
}

function expectStaticSecurityHeaders(response: APIResponse): void {
  const headers = response.headers();
  expect(headers["x-content-type-options"], response.url()).toBe("nosniff");
  expect(headers["referrer-policy"], response.url()).toBe("strict-origin-when-cross-origin");
  expect(headers["strict-transport-security"], `no HSTS over http: ${response.url()}`).toBeUndefined();
}

function expectStrictCsp(response: APIResponse): void {
  const directives = cspOf(response)
    .split(";")
    .map((directive) => directive.trim());
  expect(directives).toContain("object-src 'none'");
  expect(directives).toContain("base-uri 'none'");
  expect(directives).toContain("frame-ancestors 'none'");
  const scriptSrc = directives.find((directive) => directive.startsWith("script-src ")) ?? "";
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).not.toContain("'unsafe-eval'");
}

test("pages, API responses and static files carry the security headers; each page gets a fresh nonce", async ({
  request,
}) => {
  const page = await request.get("/signin");
  expect(page.status()).toBe(200);
  expectStrictCsp(page);
  expectStaticSecurityHeaders(page);
  const again = await request.get("/signin");
  expect(nonceOf(cspOf(again))).not.toBe(nonceOf(cspOf(page)));

  for (const path of ["/api/migrations", "/api/health"]) {
    const api = await request.get(path, { maxRedirects: 0 });
    expectStrictCsp(api);
    expectStaticSecurityHeaders(api);
  }

  const script = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(await page.text())?.[1];
  expect(script, "the sign-in page loads a script from /_next/static").toBeDefined();
  const asset = await request.get(script ?? "");
  expect(asset.status()).toBe(200);
  expect(asset.headers()["content-type"]).toContain("javascript");
  expectStaticSecurityHeaders(asset);
});

function expectEveryScriptCarriesTheNonce(html: string, nonce: string, what: string): void {
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length, `${what} has scripts`).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag, `${what}: ${tag}`).toContain(` nonce="${nonce}"`);
}

test("every script tag of the sign-in page carries the nonce from that response's CSP header", async ({ request }) => {
  const signIn = await request.get("/signin");
  expect(signIn.status()).toBe(200);
  expectEveryScriptCarriesTheNonce(await signIn.text(), nonceOf(cspOf(signIn)), "/signin");
});

signedInTest(
  "every script tag of the migration pages carries the nonce from that response's CSP header",
  async ({ page }) => {
    for (const path of ["/migrations", `/migrations/${migrationId}`]) {
      const response = await page.request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(200);
      expectEveryScriptCarriesTheNonce(await response.text(), nonceOf(cspOf(response)), path);
    }
  },
);

/** Whether React has attached itself to the first element matching `selector`. */
function isHydrated(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((css) => {
    const element = document.querySelector(css);
    return element !== null && Object.keys(element).some((key) => key.startsWith("__react"));
  }, selector);
}

test("the sign-in page and the migration pages run without a single CSP violation", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      const store = window as unknown as { __cspViolations?: string[] };
      store.__cspViolations ??= [];
      store.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const pageViolations = async () =>
    page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);

  await page.goto("/signin");
  await page.waitForLoadState("networkidle");
  expect(await pageViolations()).toEqual([]);
  // The nonce'd scripts really ran: React hydrated the form (a blocked script would leave it inert).
  await expect.poll(() => isHydrated(page, "form")).toBe(true);
  await signInAsDemo(page);
  await page.waitForLoadState("networkidle");
  expect(await pageViolations()).toEqual([]);
  await expect.poll(() => isHydrated(page, "header form")).toBe(true);

  await page.goto(`/migrations/${migrationId}`);
  await expect(page.getByTestId("detail-id")).toHaveText(migrationId);
  await page.waitForLoadState("networkidle");
  expect(await pageViolations()).toEqual([]);
  expect(violations).toEqual([]);
});
