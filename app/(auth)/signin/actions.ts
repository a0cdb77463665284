"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { signIn } from "@/lib/auth";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { OIDC_PROVIDER_ID } from "@/lib/auth/config";
import { requestOrigin } from "@/lib/http/request-origin";

export interface PasswordSignInState {
  error?: string;
  email?: string;
}

async function callbackFrom(formData: FormData): Promise<string> {
  const raw = formData.get("callbackUrl");
  return safeCallbackPath(typeof raw === "string" ? raw : undefined, await requestOrigin());
}

export async function signInWithPasswordAction(
  _previous: PasswordSignInState,
  formData: FormData,
): Promise<PasswordSignInState> {
  const email = String(formData.get("email") ?? "");
  const password = String(formData.get("password") ?? "");
  if (!email.trim() || !password) return { error: "Enter your email and password.", email };
  try {
    // On success this throws Next's redirect, which must propagate (re-thrown below).
    await signIn("credentials", { email, password, redirectTo: await callbackFrom(formData) });
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      if (error.code === "locked") {
        return {
          error: "Too many failed attempts for this account. Sign-in is paused for 15 minutes; try again later.",
          email,
        };
      }
      if (error.code === "busy") return { error: "Too many sign-ins at once. Try again in a moment.", email };
      return { error: "Wrong email or password.", email };
    }
    if (error instanceof AuthError) return { error: "Sign-in failed. Try again in a moment.", email };
    throw error;
  }
  return {};
}

export async function signInWithSsoAction(formData: FormData): Promise<void> {
  await signIn(OIDC_PROVIDER_ID, { redirectTo: await callbackFrom(formData) });
}
