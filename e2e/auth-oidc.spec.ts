import { expect, test } from "@playwright/test";
import { sessionCookie, signInWithSso } from "./support/auth";
import { E2E, OIDC } from "./support/servers";

test("SSO through the OpenID provider signs in an allowed domain and returns to the deep link", async ({
  page,
  context,
}) => {
  await page.goto("/migrations?status=FAILED");
  await expect(page).toHaveURL(`${E2E.baseURL}/signin?callbackUrl=%2Fmigrations%3Fstatus%3DFAILED`);
  await expect(page.getByRole("button", { name: `Continue with ${OIDC.name}` })).toBeVisible();

  await signInWithSso(page, "alice@allowed.test");
  await expect(page).toHaveURL(`${E2E.baseURL}/migrations?status=FAILED`);
  await expect(page.getByTestId("signed-in-user")).toHaveText("Alice (alice@allowed.test)");
  await expect(page.getByRole("heading", { name: "Migrations", level: 1 })).toBeVisible();
  expect(await sessionCookie(context)).toMatchObject({ httpOnly: true, sameSite: "Lax" });
});

test("SSO refuses an account whose email domain is not allowed", async ({ page, context }) => {
  await page.goto("/signin");
  await signInWithSso(page, "mallory@other.test");
  await expect(page).toHaveURL(`${E2E.baseURL}/signin?error=AccessDenied`);
  await expect(page.getByTestId("sign-in-page-error")).toContainText("not allowed");
  await expect(page.getByTestId("signed-in-user")).toHaveCount(0);
  expect(await sessionCookie(context)).toBeUndefined();

  await page.goto("/migrations");
  await expect(page).toHaveURL(`${E2E.baseURL}/signin?callbackUrl=%2Fmigrations`);
});
