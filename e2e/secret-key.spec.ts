import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { type APIResponse, expect, type Page } from "@playwright/test";
import { signedInTest as test } from "./support/auth";
import { demoMigrations } from "./support/migrations";
import { E2E, runtimeApiKey } from "./support/servers";

/**
 * The Migrations API key exists only on the server. Two keys are looked for: the one the server
 * runs with (made by the keys CLI for this run), and the fake one `npm test` gives `next build`,
 * which must not have been inlined into anything the browser gets.
 */
function secrets(): Array<{ name: string; value: string }> {
  const buildTimeKey = process.env.E2E_BUILD_TIME_KEY;
  if (!buildTimeKey) {
    throw new Error(
      "E2E_BUILD_TIME_KEY is unset. Run the browser tests through `npm test` or `npm run test:e2e`: they build " +
        "the app with a sentinel MIGRATIONS_API_KEY and tell these tests its value.",
    );
  }
  const runtimeKey = runtimeApiKey();
  // The webhook secret the server generated into its data folder (embedded mode) stays there too.
  const webhookSecret = readFileSync(path.join(E2E.dataDir, "webhook-secret"), "utf8").trim();
  // The key and its secret part on its own (without the `anon_` prefix), in case something strips it.
  return [
    { name: "runtime key", value: runtimeKey },
    { name: "runtime key without its prefix", value: runtimeKey.replace(/^anon_/, "") },
    { name: "build-time key", value: buildTimeKey },
    { name: "build-time key without its prefix", value: buildTimeKey.replace(/^anon_/, "") },
    { name: "webhook secret", value: webhookSecret.replace(/^whsec_/, "") },
  ];
}

function expectNoSecret(text: string, where: string): void {
  for (const { name, value } of secrets()) {
    expect(text.includes(value), `the ${name} appears in ${where}`).toBe(false);
  }
}

async function expectResponseClean(response: APIResponse, where: string): Promise<void> {
  expectNoSecret(await response.text(), `the body of ${where}`);
  expectNoSecret(JSON.stringify(response.headersArray()), `the headers of ${where}`);
}

/** A fresh context's state: no cookies (the default here is the demo account's session). */
const SIGNED_OUT = { cookies: [], origins: [] };

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

test("no key in any file of .next/static (the client bundle)", () => {
  const staticDir = path.join(E2E.rootDir, ".next", "static");
  const files = filesUnder(staticDir);
  expect(files.filter((file) => file.endsWith(".js")).length, `JavaScript files under ${staticDir}`).toBeGreaterThan(0);
  for (const file of files) expectNoSecret(readFileSync(file, "latin1"), path.relative(E2E.rootDir, file));
});

async function pageHtml(page: Page, pathname: string): Promise<string> {
  await page.goto(pathname);
  return page.content();
}

test("no key in the pages: sign-in (signed out), list and detail (signed in), nor their RSC payloads", async ({
  page,
  browser,
  request,
}) => {
  const [migration] = await demoMigrations(request);
  const id = migration?.id ?? "";

  const signedOut = await browser.newContext({ baseURL: E2E.baseURL, storageState: SIGNED_OUT });
  try {
    const signInPage = await signedOut.newPage();
    const html = await pageHtml(signInPage, "/signin");
    expect(html, "/signin rendered signed out").toContain("Password");
    expectNoSecret(html, "the rendered /signin");
    await expectResponseClean(await signedOut.request.get("/signin"), "GET /signin");
  } finally {
    await signedOut.close();
  }

  for (const pathname of ["/migrations", "/migrations?status=FAILED&sort=created", `/migrations/${id}`]) {
    const response = await page.request.get(pathname, { maxRedirects: 0 });
    expect(response.status(), pathname).toBe(200);
    expect(await response.text(), `${pathname} rendered signed in`).toContain("Sign out");
    await expectResponseClean(response, `GET ${pathname}`);
    // What client-side navigation fetches instead of HTML.
    await expectResponseClean(
      await page.request.get(pathname, { maxRedirects: 0, headers: { RSC: "1" } }),
      `the RSC payload of ${pathname}`,
    );
  }
  // And the DOM once the browser has run the page's scripts.
  for (const pathname of ["/migrations", `/migrations/${id}`]) {
    expectNoSecret(await pageHtml(page, pathname), `the rendered ${pathname}`);
  }
});

test("no key in BFF responses: lists, detail, 400, 404, 401 and health", async ({ page, browser, request }) => {
  const [migration] = await demoMigrations(request);
  const cases: Array<[string, number]> = [
    ["/api/migrations", 200],
    ["/api/migrations?status=FAILED&sort=created&page_size=100", 200],
    [`/api/migrations/${migration?.id}`, 200],
    ["/api/migrations?page_size=7", 400],
    ["/api/migrations/not-a-uuid", 400],
    ["/api/migrations/00000000-0000-4000-8000-000000000000", 404],
    ["/api/health", 200],
  ];
  for (const [pathname, status] of cases) {
    const response = await page.request.get(pathname);
    expect(response.status(), pathname).toBe(status);
    await expectResponseClean(response, `GET ${pathname}`);
  }

  const signedOut = await browser.newContext({ baseURL: E2E.baseURL, storageState: SIGNED_OUT });
  try {
    for (const pathname of ["/api/migrations", `/api/migrations/${migration?.id}`]) {
      const response = await signedOut.request.get(pathname);
      expect(response.status(), pathname).toBe(401);
      await expectResponseClean(response, `GET ${pathname} signed out`);
    }
  } finally {
    await signedOut.close();
  }
});

test("no key in what the app server printed during this run", () => {
  // playwright.config.ts copies the server's stdout and stderr into this file (e2e/support/capture-output.mjs).
  const log = readFileSync(E2E.serverLog, "utf8");
  expect(log, "the server log captured the startup banner").toContain("Next.js");
  expectNoSecret(log, E2E.serverLog);
});
