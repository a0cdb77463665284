import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { PasswordSignInForm } from "@/components/auth/password-sign-in-form";
import { auth } from "@/lib/auth";
import { safeCallbackPath } from "@/lib/auth/callback-url";
import { DEMO_ACCOUNT, isDemoAccountEnabled } from "@/lib/auth/demo-account";
import { oidcSettings } from "@/lib/auth/oidc";
import { requestOrigin } from "@/lib/http/request-origin";
import { signInWithSsoAction } from "./actions";

export const metadata: Metadata = { title: "Sign in" };

/** Messages for the `error` codes next-auth puts in the URL when it sends the browser back here. */
const ERROR_MESSAGES: Record<string, string> = {
  AccessDenied: "This account is not allowed to use Migration Console. Ask an administrator which accounts may.",
  Configuration: "Sign-in is not configured correctly on the server. An administrator needs to check its settings.",
  CredentialsSignin: "Wrong email or password.",
  Verification: "The sign-in link is no longer valid. Start again.",
};

export default async function SignInPage({ searchParams }: PageProps<"/signin">) {
  const params = await searchParams;
  const rawCallback = typeof params.callbackUrl === "string" ? params.callbackUrl : undefined;
  const callbackUrl = safeCallbackPath(rawCallback, await requestOrigin());
  if ((await auth())?.user) redirect(callbackUrl);

  const errorCode = typeof params.error === "string" ? params.error : undefined;
  const error = errorCode ? (ERROR_MESSAGES[errorCode] ?? "Sign-in failed. Try again.") : undefined;
  const sso = oidcSettings();
  const demo = isDemoAccountEnabled();

  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <h1 className="text-center text-2xl font-semibold tracking-tight">Migration Console</h1>
        <p className="mt-1 text-center text-sm text-slate-600 dark:text-slate-400">Sign in to watch your migrations.</p>
        <div className="mt-8 space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-700 dark:bg-slate-900">
          {error ? (
            <p
              data-testid="sign-in-page-error"
              className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
            >
              {error}
            </p>
          ) : null}
          {sso ? (
            <form action={signInWithSsoAction}>
              <input type="hidden" name="callbackUrl" value={callbackUrl} />
              <button
                type="submit"
                className="w-full rounded-md border border-slate-300 px-4 py-2 font-medium hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 dark:border-slate-600 dark:hover:bg-slate-800"
              >
                Continue with {sso.name}
              </button>
            </form>
          ) : null}
          {sso ? (
            <p className="text-center text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">or</p>
          ) : null}
          <PasswordSignInForm callbackUrl={callbackUrl} defaultEmail={demo ? DEMO_ACCOUNT.email : undefined} />
          {demo ? (
            <div
              data-testid="demo-account"
              className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700 dark:bg-slate-800 dark:text-slate-200"
            >
              Demo data: sign in as <strong>{DEMO_ACCOUNT.email}</strong> with password{" "}
              <code className="font-mono">{DEMO_ACCOUNT.password}</code>.
            </div>
          ) : null}
        </div>
      </div>
    </main>
  );
}
