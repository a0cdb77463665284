import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { DEMO_ACCOUNT, isDemoAccountEnabled } from "./demo-account";
import { findLocalAccount } from "./local-accounts";
import { verifyAgainstNothing, verifyPassword } from "./passwords";
import { SignInThrottle } from "./sign-in-throttle";

export type LocalSignInResult =
  | { ok: true; user: { id: string; email: string; name: string } }
  | { ok: false; reason: "invalid" | "locked"; retryAfterMs?: number };

/** Failures allowed per account from all addresses together, in the same 15-minute window. */
export const ACCOUNT_WIDE_MAX_FAILURES = 100;

const globalForThrottle = globalThis as typeof globalThis & {
  __signInThrottle?: SignInThrottle;
  __accountThrottle?: SignInThrottle;
};
globalForThrottle.__signInThrottle ??= new SignInThrottle();
globalForThrottle.__accountThrottle ??= new SignInThrottle(ACCOUNT_WIDE_MAX_FAILURES);
export const signInThrottle = globalForThrottle.__signInThrottle;
/**
 * The client address comes from x-forwarded-for, which a client can set itself when no proxy in
 * front overwrites it; this wider limit stops an attacker who changes it on every try.
 */
export const accountWideThrottle = globalForThrottle.__accountThrottle;

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
 * passes, even with the right password.
 */
export async function signInWithPassword(
  rawEmail: string,
  password: string,
  clientAddress: string,
  throttle: SignInThrottle = signInThrottle,
  accountThrottle: SignInThrottle = accountWideThrottle,
): Promise<LocalSignInResult> {
  const email = rawEmail.trim().toLowerCase();
  const key = `${email}|${clientAddress}`;
  const retryAfterMs = Math.max(throttle.retryAfterMs(key), accountThrottle.retryAfterMs(email));
  if (retryAfterMs > 0) return { ok: false, reason: "locked", retryAfterMs };
  const match = await checkPassword(email, password);
  if (!match) {
    throttle.recordFailure(key);
    accountThrottle.recordFailure(email);
    return { ok: false, reason: "invalid" };
  }
  throttle.recordSuccess(key);
  return { ok: true, user: { id: email, email, name: match.name } };
}

/** The client's address as the server saw it (Next sets x-forwarded-for from the socket when absent). */
export function clientAddressOf(headers: Headers): string {
  return headers.get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
}
