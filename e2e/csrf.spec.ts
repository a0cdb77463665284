import { type BrowserContext, expect, type Page, test } from "@playwright/test";
import { SESSION_COOKIE, sessionCookie, signInAsDemo } from "./support/auth";
import { formPage, serveOtherOrigin } from "./support/other-origin";
import { E2E } from "./support/servers";

/**
 * The sign-out button is a server action: a POST to the page itself (`/migrations`) with no
 * anti-CSRF token of its own. What protects it is the Origin check (the app's proxy refuses a page
 * POST from another origin, with the rule Next applies to server actions). These tests sign in
 * their own session (signing out ends it everywhere) and forge the sign-out from another origin.
 */

async function signedInSession(page: Page): Promise<void> {
  await page.goto("/signin");
  await signInAsDemo(page);
  await expect(page).toHaveURL(`${E2E.baseURL}/migrations`);
}

/** The hidden fields of the real sign-out form as the server renders it (its server action id among them). */
async function signOutFormFields(page: Page): Promise<Array<{ name: string; value: string }>> {
  const html = await (await page.request.get("/migrations")).text();
  const form = (html.match(/<form\b[\s\S]*?<\/form>/g) ?? []).find((candidate) => candidate.includes("Sign out"));
  expect(form, "the sign-out form").toBeDefined();
  const fields = [...(form ?? "").matchAll(/<input type="hidden" name="([^"]+)"(?: value="([^"]*)")?\/?>/g)].map(
    ([, name = "", value = ""]) => ({ name, value }),
  );
  expect(
    fields.some((field) => field.name.startsWith("$ACTION_ID_")),
    form,
  ).toBe(true);
  return fields;
}

async function expectSessionWorks(context: BrowserContext, page: Page): Promise<void> {
  expect(await sessionCookie(context)).toBeDefined();
  expect((await page.request.get("/api/migrations")).status()).toBe(200);
}

test("a sign-out form posted from another origin is refused, and the session still works", async ({
  page,
  context,
}) => {
  await signedInSession(page);
  const fields = await signOutFormFields(page);
  const attacker = await serveOtherOrigin(formPage(`${E2E.baseURL}/migrations`, fields));
  try {
    await page.goto(attacker.url);
    const forged = page.waitForResponse(
      (response) => response.url() === `${E2E.baseURL}/migrations` && response.request().method() === "POST",
    );
    await page.getByRole("button", { name: "Claim" }).click();
    const response = await forged;

    // A real cross-site attempt: the browser sent the session cookie and said where the form came from.
    const sent = await response.request().allHeaders();
    expect(sent.cookie ?? "").toContain(`${SESSION_COOKIE}=`);
    expect(sent.origin).toBe(new URL(attacker.url).origin);
    // Refused: no sign-out, no redirect, no cookie cleared.
    expect(response.status()).toBe(403);
    expect(response.headers().location).toBeUndefined();
    expect(response.headers()["set-cookie"] ?? "").not.toContain(SESSION_COOKIE);
    await expectSessionWorks(context, page);
  } finally {
    await attacker.close();
  }
});

test("the exact sign-out request replayed with another Origin is refused; with the app's own it signs out", async ({
  page,
  context,
}) => {
  await signedInSession(page);
  // Capture what the sign-out button really sends (then drop it before it reaches the server).
  let captured: { url: string; headers: Record<string, string>; body: Buffer } | undefined;
  await page.route(`${E2E.baseURL}/migrations`, async (route) => {
    const request = route.request();
    if (request.method() !== "POST") return route.continue();
    captured = {
      url: request.url(),
      headers: await request.allHeaders(),
      body: request.postDataBuffer() ?? Buffer.alloc(0),
    };
    return route.abort();
  });
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect.poll(() => captured !== undefined).toBe(true);
  await page.unroute(`${E2E.baseURL}/migrations`);
  const sent = captured as NonNullable<typeof captured>;
  expect(sent.headers.origin).toBe(E2E.baseURL);
  expect(sent.headers["next-action"]).toMatch(/^[0-9a-f]+$/);
  await expectSessionWorks(context, page);

  // The cookie comes from the context's store, the length from the body: the rest as captured.
  const { cookie: _cookie, "content-length": _length, host: _host, ...headers } = sent.headers;
  const replay = (origin: string) =>
    page.request.fetch(sent.url, { method: "POST", headers: { ...headers, origin }, data: sent.body, maxRedirects: 0 });

  for (const origin of ["https://evil.example", "null", `${E2E.baseURL}.evil.example`]) {
    const refused = await replay(origin);
    expect(refused.status(), origin).toBe(403);
    await expectSessionWorks(context, page);
  }

  const accepted = await replay(E2E.baseURL);
  expect(accepted.status()).toBeLessThan(400);
  expect((await page.request.get("/api/migrations")).status()).toBe(401);
});
