import {
  type APIRequest,
  type APIRequestContext,
  type BrowserContext,
  test as base,
  expect,
  type Page,
} from "@playwright/test";
import { ACCOUNTS, E2E, OIDC } from "./servers";
import { waitForCurrentMirror } from "./sync";

/** next-auth's session cookie over plain http (no __Secure- prefix). */
export const SESSION_COOKIE = "authjs.session-token";

export interface PasswordAccount {
  email: string;
  password: string;
}

/** Fills the sign-in page's password form and submits it; the caller asserts where it leads. */
export async function submitPasswordForm(page: Page, account: PasswordAccount): Promise<void> {
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Submits the form and waits for the server action's answer (for failures, which leave the page as it was). */
export async function submitPasswordFormAndWait(page: Page, account: PasswordAccount): Promise<void> {
  const answered = page.waitForResponse(
    (response) => response.request().method() === "POST" && new URL(response.url()).pathname === "/signin",
  );
  await submitPasswordForm(page, account);
  await answered;
  // The answer is in, but React commits it (and resets the form) a moment later: a next fill before
  // that would be wiped, and an empty form sent. The button is enabled again in that same commit.
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeEnabled();
}

/**
 * One password sign-in straight against next-auth's credentials endpoint (the same `authorize` and
 * throttle as the sign-in page, without rendering pages): where it redirects, and whether it set a session.
 */
export async function passwordSignInOverHttp(
  request: APIRequestContext,
  account: PasswordAccount,
  headers: Record<string, string> = {},
): Promise<{ status: number; location: string; sessionSet: boolean }> {
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: account.email, password: account.password, callbackUrl: "/migrations" },
    headers,
    maxRedirects: 0,
  });
  const sessionSet = response
    .headersArray()
    .some(
      ({ name, value }) =>
        name.toLowerCase() === "set-cookie" && value.startsWith(`${SESSION_COOKIE}=`) && !/max-age=0/i.test(value),
    );
  return { status: response.status(), location: response.headers().location ?? "", sessionSet };
}

/** A request context of its own on `baseURL`, signed in over HTTP as `account` (no page rendered). */
export async function signedInRequestContext(
  api: APIRequest,
  baseURL: string,
  account: PasswordAccount,
): Promise<APIRequestContext> {
  const context = await api.newContext({ baseURL });
  const { sessionSet, location } = await passwordSignInOverHttp(context, account);
  if (!sessionSet) throw new Error(`signing in as ${account.email} at ${baseURL} set no session (went to ${location})`);
  return context;
}

/** From the sign-in page (already open), signs in with the demo account and waits for the header. */
/**
 * A sign-in is a form post, a redirect and a server render of the list with its data: on a busy
 * machine (or a server's first render of the page) that takes longer than a click's answer.
 */
const SIGNED_IN_WITHIN_MS = 15_000;

export async function signInAsDemo(page: Page): Promise<void> {
  await submitPasswordForm(page, ACCOUNTS.demo);
  await expect(page.getByTestId("signed-in-user")).toHaveText("Demo User (demo@example.com)", {
    timeout: SIGNED_IN_WITHIN_MS,
  });
}

export async function sessionCookie(context: BrowserContext) {
  return (await context.cookies(E2E.baseURL)).find((cookie) => cookie.name === SESSION_COOKIE);
}

/** The provider's dev login pages import a web font from the internet: this machine has none. */
export async function blockWebFonts(page: Page): Promise<void> {
  await page.route(/^https:\/\/fonts\.(googleapis|gstatic)\.com\//, (route) => route.abort());
}

/**
 * From the app's sign-in page: "Continue with Test SSO", then the provider's dev login (any
 * password) and its consent page when it asks. The caller asserts where the browser ends up.
 */
export async function signInWithSso(page: Page, login: string): Promise<void> {
  await blockWebFonts(page);
  await page.getByRole("button", { name: `Continue with ${OIDC.name}` }).click();
  await expect(page).toHaveURL(new RegExp(`^${OIDC.issuer}/interaction/`));
  await page.getByPlaceholder("Enter any login").fill(login);
  await page.getByPlaceholder("and password").fill("any-password-will-do");
  await page.getByRole("button", { name: "Sign-in" }).click();
  // Consent is asked for the first grant of each login; then the provider sends the browser back to the app.
  const consent = page.getByRole("button", { name: "Continue", exact: true });
  const backOnApp = page.getByTestId("signed-in-user").or(page.getByTestId("sign-in-page-error"));
  await expect(consent.or(backOnApp)).toBeVisible();
  if (await consent.isVisible()) await consent.click();
  await page.waitForURL((url) => url.origin === E2E.baseURL);
}

/**
 * Tests that run signed in as the demo account. The sign-in happens once per worker through the
 * sign-in page, once the server's mirror is current; every test then starts from that saved
 * session in a fresh context.
 */
export const signedInTest = base.extend<object, { demoStorageState: string }>({
  storageState: ({ demoStorageState }, use) => use(demoStorageState),
  demoStorageState: [
    async ({ browser }, use, workerInfo) => {
      await waitForCurrentMirror(E2E.baseURL);
      const file = `${E2E.dataDir}/demo-storage-state-${workerInfo.workerIndex}.json`;
      const context = await browser.newContext({ baseURL: E2E.baseURL });
      const page = await context.newPage();
      await page.goto("/signin");
      await signInAsDemo(page);
      await context.storageState({ path: file });
      await context.close();
      await use(file);
    },
    // Time for the mirror's first full read on top of the sign-in.
    { scope: "worker", timeout: 120_000 },
  ],
});

export interface AppServer {
  baseURL: string;
  dataDir: string;
}

export interface NamedAccount extends PasswordAccount {
  name: string;
}

/** From the sign-in page (already open), signs in with a password account and waits for the header. */
export async function signInAs(page: Page, account: NamedAccount): Promise<void> {
  await submitPasswordForm(page, account);
  await expect(page.getByTestId("signed-in-user")).toHaveText(`${account.name} (${account.email})`, {
    timeout: SIGNED_IN_WITHIN_MS,
  });
}

/**
 * Tests against another app server (its own baseURL), signed in as `account`: like `signedInTest`,
 * one sign-in per worker through that server's sign-in page, saved and reused by every test.
 * A context made from this fixture talks to that server only (cookies are per host, not per port).
 */
export function signedInTestAt(server: AppServer, account: NamedAccount) {
  return base.extend<object, { serverStorageState: string }>({
    baseURL: server.baseURL,
    storageState: ({ serverStorageState }, use) => use(serverStorageState),
    serverStorageState: [
      async ({ browser }, use, workerInfo) => {
        await waitForCurrentMirror(server.baseURL);
        const file = `${server.dataDir}/storage-state-${workerInfo.workerIndex}.json`;
        const context = await browser.newContext({ baseURL: server.baseURL });
        const page = await context.newPage();
        await page.goto("/signin");
        await signInAs(page, account);
        await context.storageState({ path: file });
        await context.close();
        await use(file);
      },
      // Time for the mirror's first full read on top of the sign-in.
      { scope: "worker", timeout: 120_000 },
    ],
  });
}
