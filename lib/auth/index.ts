import "server-only";
import { redirect } from "next/navigation";
import type { Session } from "next-auth";
import NextAuth from "next-auth";
import { buildAuthConfig } from "./config";

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildAuthConfig());

/** For pages: the session, or a redirect to sign-in that comes back to `returnTo` afterwards. */
export async function requireSession(returnTo?: string): Promise<Session> {
  const session = await auth();
  if (!session?.user) {
    redirect(returnTo ? `/signin?callbackUrl=${encodeURIComponent(returnTo)}` : "/signin");
  }
  return session;
}
