import "server-only";
import type { NextAuthConfig } from "next-auth";
import { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { safeCallbackPath } from "./callback-url";
import { clientAddressOf, signInWithPassword } from "./local-sign-in";
import { allowedEmailDomains, isEmailAllowed, oidcSettings } from "./oidc";
import { revokedSessions } from "./revoked-sessions";
import { authSecret } from "./secret";

export class InvalidCredentialsError extends CredentialsSignin {
  override code = "invalid_credentials";
}

export class SignInLockedError extends CredentialsSignin {
  override code = "locked";
}

const credentialsSchema = z.object({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
});

export const OIDC_PROVIDER_ID = "oidc";

const SESSION_MAX_AGE_S = 12 * 60 * 60;

/** Built per request so that env changes and generated secrets are read at run time, never at build time. */
export function buildAuthConfig(): NextAuthConfig {
  const oidc = oidcSettings();
  return {
    secret: authSecret(),
    trustHost: true,
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/signin", error: "/signin" },
    providers: [
      ...(oidc
        ? [
            {
              id: OIDC_PROVIDER_ID,
              name: oidc.name,
              type: "oidc" as const,
              issuer: oidc.issuer,
              clientId: oidc.clientId,
              clientSecret: oidc.clientSecret,
            },
          ]
        : []),
      Credentials({
        id: "credentials",
        name: "Email and password",
        credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, request) {
          const parsed = credentialsSchema.safeParse(credentials);
          if (!parsed.success) throw new InvalidCredentialsError();
          const result = await signInWithPassword(
            parsed.data.email,
            parsed.data.password,
            clientAddressOf(request.headers),
          );
          if (result.ok) return result.user;
          throw result.reason === "locked" ? new SignInLockedError() : new InvalidCredentialsError();
        },
      }),
    ],
    events: {
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        if (!token?.jti) return;
        // Without `exp` the token's lifetime is unknown: keep the revocation for the longest one.
        const expiresAtMs = token.exp ? token.exp * 1000 : Date.now() + SESSION_MAX_AGE_S * 1000;
        await revokedSessions.revoke(token.jti, expiresAtMs);
      },
    },
    callbacks: {
      // Returning null ends the session: a token signed out on any instance is refused by all of them.
      async jwt({ token }) {
        return (await revokedSessions.isRevoked(token.jti)) ? null : token;
      },
      signIn({ account, profile, user }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        const domains = allowedEmailDomains();
        if (domains.length > 0 && profile?.email_verified === false) return false;
        return isEmailAllowed(profile?.email ?? user.email, domains);
      },
      redirect({ url, baseUrl }) {
        return new URL(safeCallbackPath(url, baseUrl), baseUrl).toString();
      },
    },
  };
}
