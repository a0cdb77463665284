import { readFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import {
  passwordSignInOverHttp,
  SESSION_COOKIE,
  sessionCookie,
  signInAsDemo,
  submitPasswordForm,
  submitPasswordFormAndWait,
} from "./support/auth";
import { ACCOUNTS, E2E } from "./support/servers";

const WRONG_PASSWORD = "Wrong email or password.";
const LOCKED = "Too many failed attempts for this account. Sign-in is paused for 15 minutes; try again later.";

test("the demo account signs in from the sign-in page, which shows its credentials, and signs out again", async ({
  page,
  context,
}) => {
  await page.goto("/signin");
  await expect(page.getByTestId("demo-account")).toHaveText(
    "Demo data: sign in as demo@example.com with password demo-migrations.",
  );
  await expect(page.getByLabel("Email")).toHaveValue(ACCOUNTS.demo.email);

  await signInAsDemo(page);
  await expect(page).toHaveURL(`${E2E.baseURL}/migrations`);
  await expect(page.getByRole("heading", { name: "Migrations", level: 1 })).toBeVisible();
  expect(await sessionCookie(context)).toBeDefined();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(`${E2E.baseURL}/signin`);
  await expect(page.getByLabel("Password")).toBeVisible();
  // Let every request the page still had going (link prefetches) answer: none may bring the session back.
  await page.waitForLoadState("networkidle");
  expect(await sessionCookie(context)).toBeUndefined();

  await page.goto("/migrations");
  await expect(page).toHaveURL(`${E2E.baseURL}/signin?callbackUrl=%2Fmigrations`);
  await expect(page.getByTestId("signed-in-user")).toHaveCount(0);
});

test("a local account from the users file signs in with its own name", async ({ page }) => {
  await page.goto("/signin");
  await submitPasswordForm(page, ACCOUNTS.ops);
  await expect(page).toHaveURL(`${E2E.baseURL}/migrations`);
  await expect(page.getByTestId("signed-in-user")).toHaveText("Ops Person (ops@example.com)");
});

test("a wrong password, or an unknown account, is refused with one message and no session", async ({
  page,
  context,
}) => {
  await page.goto("/signin");
  await submitPasswordFormAndWait(page, { email: ACCOUNTS.ops.email, password: "not-the-right-password" });
  await expect(page.getByTestId("sign-in-error")).toHaveText(WRONG_PASSWORD);
  await expect(page).toHaveURL(`${E2E.baseURL}/signin`);
  // The email stays filled in for the next try; the password does not.
  await expect(page.getByLabel("Email")).toHaveValue(ACCOUNTS.ops.email);

  await submitPasswordFormAndWait(page, { email: "nobody@example.com", password: "whatever-password" });
  await expect(page.getByTestId("sign-in-error")).toHaveText(WRONG_PASSWORD);
  await expect(page.getByLabel("Email")).toHaveValue("nobody@example.com");
  expect(await sessionCookie(context)).toBeUndefined();
  await expect(page.getByTestId("signed-in-user")).toHaveCount(0);
});

async function lockOut(page: Page, email: string): Promise<void> {
  for (let attempt = 1; attempt <= 10; attempt++) {
    await submitPasswordFormAndWait(page, { email, password: `wrong-password-${attempt}` });
    await expect(page.getByTestId("sign-in-error"), `attempt ${attempt}`).toHaveText(WRONG_PASSWORD);
  }
}

test("after 10 wrong passwords the account is locked: even the right password is refused", async ({
  page,
  context,
}) => {
  await page.goto("/signin");
  await lockOut(page, ACCOUNTS.lockout.email);
  await submitPasswordFormAndWait(page, ACCOUNTS.lockout);
  expect(await sessionCookie(context), "no session for a locked account").toBeUndefined();
  await expect(page.getByTestId("sign-in-error")).toHaveText(LOCKED);
  await expect(page).toHaveURL(`${E2E.baseURL}/signin`);
  await expect(page.getByTestId("signed-in-user")).toHaveCount(0);
});

test("the lock-out cannot be sidestepped by sending an X-Forwarded-For header of one's own choosing", async ({
  page,
  context,
  request,
}) => {
  const account = ACCOUNTS.lockoutSpoof;
  // The 10 failures go straight to next-auth's endpoint (same checks and throttle as the page, faster).
  for (let attempt = 1; attempt <= 10; attempt++) {
    const failed = await passwordSignInOverHttp(request, { email: account.email, password: `wrong-${attempt}` });
    expect(failed.sessionSet, `attempt ${attempt}`).toBe(false);
    expect(failed.location, `attempt ${attempt}`).toContain("code=invalid_credentials");
  }
  const locked = await passwordSignInOverHttp(request, account);
  expect(locked.sessionSet).toBe(false);
  expect(locked.location).toContain("code=locked");

  // Nothing in front of this server sets X-Forwarded-For: any value it gets comes from the client itself.
  await page.setExtraHTTPHeaders({ "x-forwarded-for": "203.0.113.77" });
  await page.goto("/signin");
  await submitPasswordFormAndWait(page, account);
  expect(await sessionCookie(context), "no session for a locked account").toBeUndefined();
  await expect(page.getByTestId("sign-in-error")).toHaveText(LOCKED);
});

test("the session cookie is HttpOnly and SameSite=Lax, for this host only", async ({ page, context }) => {
  await page.goto("/signin");
  await signInAsDemo(page);
  const cookie = await sessionCookie(context);
  expect(cookie, `a ${SESSION_COOKIE} cookie`).toBeDefined();
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", domain: "localhost", path: "/" });
  // A session cookie with a lifetime (next-auth's maxAge), never readable by page scripts.
  expect(await page.evaluate(() => document.cookie)).not.toContain(SESSION_COOKIE);
});

/** The session cookie's value a response set, if it set one. */
function sessionCookieSet(headers: Array<{ name: string; value: string }>): string | undefined {
  for (const { name, value } of headers) {
    if (name.toLowerCase() !== "set-cookie" || !value.startsWith(`${SESSION_COOKIE}=`)) continue;
    if (/max-age=0/i.test(value)) continue;
    return value.slice(SESSION_COOKIE.length + 1).split(";", 1)[0];
  }
  return undefined;
}

/** GET /api/migrations with only this session cookie (no jar): its status. */
async function bffStatusWith(cookieValue: string): Promise<number> {
  const response = await fetch(`${E2E.baseURL}/api/migrations`, {
    headers: { cookie: `${SESSION_COOKIE}=${cookieValue}` },
    redirect: "manual",
  });
  await response.arrayBuffer();
  return response.status;
}

test("after sign-out, the session cookie from before and a copy renewed meanwhile are both refused", async ({
  playwright,
}) => {
  const api = await playwright.request.newContext({ baseURL: E2E.baseURL });
  try {
    expect((await passwordSignInOverHttp(api, ACCOUNTS.ops)).sessionSet).toBe(true);
    const original = (await api.storageState()).cookies.find((cookie) => cookie.name === SESSION_COOKIE)?.value;
    expect(original, "a session cookie after sign-in").toBeTruthy();
    // Reading the session renews the token (a new expiry and jti): a thief could keep renewing it.
    const renewal = await api.get("/api/auth/session");
    const renewed = sessionCookieSet(renewal.headersArray());
    expect(renewed, "a renewed session cookie").toBeTruthy();
    expect(renewed).not.toBe(original);
    expect(await bffStatusWith(original as string)).toBe(200);
    expect(await bffStatusWith(renewed as string)).toBe(200);

    const { csrfToken } = (await (await api.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const signOut = await api.post("/api/auth/signout", {
      form: { csrfToken, callbackUrl: "/signin" },
      maxRedirects: 0,
    });
    expect(signOut.status()).toBe(302);

    expect(await bffStatusWith(original as string)).toBe(401);
    expect(await bffStatusWith(renewed as string)).toBe(401);
  } finally {
    await api.dispose();
  }
});

test("a refused sign-in is one JSON line in the server log: level, time, event, reason; no stack, no password", async ({
  request,
}) => {
  const before = readFileSync(E2E.serverLog, "utf8").length;
  const email = "log-check-nobody@example.com";
  const password = "a-password-that-must-never-be-logged";
  const outcome = await passwordSignInOverHttp(request, { email, password });
  expect(outcome.sessionSet).toBe(false);
  // The log is written by another process: wait until the line is there.
  await expect
    .poll(() => readFileSync(E2E.serverLog, "utf8").slice(before), { timeout: 10_000 })
    .toContain(`"event":"sign_in_refused"`);
  const written = readFileSync(E2E.serverLog, "utf8").slice(before);
  const lines = written.split("\n").filter((line) => line.includes(email));
  expect(lines).toHaveLength(1);
  expect(JSON.parse(lines[0] as string)).toMatchObject({
    level: "info",
    event: "sign_in_refused",
    method: "password",
    email,
    reason: "invalid",
  });
  expect(written).not.toContain(password);
  expect(written).not.toMatch(/^\s+at /m);
  expect(written).not.toContain("CredentialsSignin");
});
