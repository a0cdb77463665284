import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { readEnv } from "@/lib/config/env";
import { DEMO_ACCOUNT, isDemoAccountEnabled } from "./demo-account";
import { findLocalAccount } from "./local-accounts";
import { PasswordCheckLimiter } from "./password-check-limiter";
import { verifyAgainstNothing, verifyPassword } from "./passwords";
import { SignInThrottle } from "./sign-in-throttle";

/**
 * `locked`: this account (from this address) used up its tries; `busy`: too many sign-ins are being
 * checked right now (for this account, or in all), try again in a moment.
 */
export type LocalSignInResult =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: "invalid" | "locked" | "busy"; retryAfterMs?: number };

/** How soon a try turned away as `busy` may come back. */
export const BUSY_RETRY_AFTER_MS = 1_000;

/** Failures allowed per account from all addresses together, in the same 15-minute window. */
export const ACCOUNT_WIDE_MAX_FAILURES = 100;

/** Per account and client address: 10 failures in 15 minutes. */
export const signInThrottle = new SignInThrottle({ scope: "address" });
/**
 * The client address comes from x-forwarded-for, which a client can set itself when no proxy in
 * front overwrites it; this wider limit stops an attacker who changes it on every try.
 */
export const accountWideThrottle = new SignInThrottle({ scope: "account", maxFailures: ACCOUNT_WIDE_MAX_FAILURES });

/** The process's bound on password checks (see PasswordCheckLimiter). */
export const passwordCheckLimiter = new PasswordCheckLimiter();

function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}

async function checkPassword(email: string, password: string) {
  if (isDemoAccountEnabled() && email === DEMO_ACCOUNT.email) {
    return sameSecret(password, DEMO_ACCOUNT.password) ? { name: DEMO_ACCOUNT.name } : undefined;
  }
  const account = findLocalAccount(email);
  if (!account) return verifyAgainstNothing(password).then(() => undefined);
  return (await verifyPassword(password, account.passwordHash)) ? { name: account.name } : undefined;
}

/**
 * Checks a local account (or the demo account) with brute-force protection: after 10 failures for
 * this account from this client address (or 100 from anywhere), tries are refused until the window
 * passes, even with the right password. Each try is counted as failed before its password is
 * checked (and taken back if it was right), so tries sent in parallel cannot all slip under the limit.
 */
export async function signInWithPassword(
  rawEmail: string,
  password: string,
  clientAddress: string,
  throttle: SignInThrottle = signInThrottle,
  accountThrottle: SignInThrottle = accountWideThrottle,
  limiter: PasswordCheckLimiter = passwordCheckLimiter,
): Promise<LocalSignInResult> {
  const email = rawEmail.trim().toLowerCase();
  const key = `${email}|${clientAddress}`;
  const checked = await limiter.run(email, async (): Promise<LocalSignInResult> => {
    const addressTry = await throttle.reserve(key);
    if (!addressTry.reserved) return { ok: false, reason: "locked", retryAfterMs: addressTry.retryAfterMs };
    const accountTry = await accountThrottle.reserve(email);
    if (!accountTry.reserved) {
      await throttle.withdraw(addressTry);
      return { ok: false, reason: "locked", retryAfterMs: accountTry.retryAfterMs };
    }
    const match = await checkPassword(email, password);
    if (!match) return { ok: false, reason: "invalid" };
    await Promise.all([throttle.recordSuccess(key), accountThrottle.withdraw(accountTry)]);
    return { ok: true, user: { id: email, email, name: match.name } };
  });
  return checked.ran ? checked.value : { ok: false, reason: "busy", retryAfterMs: BUSY_RETRY_AFTER_MS };
}

/**
 * The client's address for the sign-in limit. X-Forwarded-For is only as trustworthy as the proxies
 * that write it: with AUTH_TRUSTED_PROXY_HOPS=n (n proxies in front, each appending the address it
 * saw), the n-th entry from the right is the client. With no trusted proxy (the default) any value
 * may come from the client itself, so it is ignored and the limit applies to the account alone.
 */
export function clientAddressOf(headers: Headers, trustedHops = trustedProxyHops()): string {
  if (trustedHops < 1) return "any-address";
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  return chain[chain.length - trustedHops] ?? "unknown";
}

function trustedProxyHops(): number {
  return readEnv("AUTH_TRUSTED_PROXY_HOPS");
}
