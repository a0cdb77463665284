import "server-only";
import { randomUUID } from "node:crypto";
import type { NextAuthConfig } from "next-auth";
import { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { errorFields, log } from "@/lib/logging/log";
import { safeCallbackPath } from "./callback-url";
import { clientAddressOf, signInWithPassword } from "./local-sign-in";
import { isOidcAccountAllowed, oidcSettings } from "./oidc";
import { revokedSessions } from "./revoked-sessions";
import { authSecret } from "./secret";
import { sessionLifetimeMs } from "./session-lifetime";

export class InvalidCredentialsError extends CredentialsSignin {
  override code = "invalid_credentials";
}

export class SignInLockedError extends CredentialsSignin {
  override code = "locked";
}

export class SignInBusyError extends CredentialsSignin {
  override code = "busy";
}

const credentialsSchema = z.object({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(1024),
});

export const OIDC_PROVIDER_ID = "oidc";

/** How far ahead of this server's clock another instance's sign-in time may be and still count. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The claims this app adds to a session token at sign-in; a token without them is not a session. */
function sessionClaims(token: Record<string, unknown> | null | undefined) {
  if (!token || typeof token.sid !== "string" || typeof token.signedInAtMs !== "number") return undefined;
  if (!Number.isFinite(token.signedInAtMs)) return undefined;
  return { sid: token.sid, signedInAtMs: token.signedInAtMs };
}

/** Built per request so that env changes and generated secrets are read at run time, never at build time. */
export function buildAuthConfig(): NextAuthConfig {
  const oidc = oidcSettings();
  const lifetimeMs = sessionLifetimeMs();
  return {
    secret: authSecret(),
    trustHost: true,
    // The cookie's own expiry; the absolute limit from sign-in is the jwt callback's (renewals move this one).
    session: { strategy: "jwt", maxAge: Math.ceil(lifetimeMs / 1000) },
    pages: { signIn: "/signin", error: "/signin" },
    // next-auth prints every refused sign-in as an error with its stack: one line per event instead.
    logger: {
      error(error) {
        const type = (error as { type?: unknown }).type;
        // Refused passwords are expected, and logged above with their reason.
        if (error instanceof CredentialsSignin || type === "CredentialsSignin") return;
        if (type === "AccessDenied") {
          log("warn", "sign_in_refused", { method: "sso", reason: "not on the allow-list, or e-mail not verified" });
          return;
        }
        log("error", "auth_error", errorFields(error));
      },
      warn(code) {
        log("warn", "auth_warning", { code });
      },
      debug() {},
    },
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
          const address = clientAddressOf(request.headers);
          const result = await signInWithPassword(parsed.data.email, parsed.data.password, address);
          const who = { method: "password", email: parsed.data.email.trim().toLowerCase(), address };
          if (result.ok) {
            log("info", "sign_in", who);
            return result.user;
          }
          log(result.reason === "invalid" ? "info" : "warn", "sign_in_refused", { ...who, reason: result.reason });
          if (result.reason === "locked") throw new SignInLockedError();
          if (result.reason === "busy") throw new SignInBusyError();
          throw new InvalidCredentialsError();
        },
      }),
    ],
    events: {
      async signOut(message) {
        const token = "token" in message ? message.token : null;
        const session = sessionClaims(token);
        if (!session) return;
        await revokedSessions.revoke(session.sid, session.signedInAtMs + lifetimeMs);
      },
    },
    callbacks: {
      /**
       * Every renewal of the session token passes here. A sign-in gets its own id (`sid`), which
       * renewals keep (the token's `jti` changes with each one, so revoking that would miss the
       * renewed copies), and its time; a session is refused once signed out on any instance, and
       * `AUTH_SESSION_MAX_AGE_HOURS` after sign-in however often it was renewed. Returning null
       * ends it.
       */
      async jwt({ token, user }) {
        const now = Date.now();
        if (user) return { ...token, sid: randomUUID(), signedInAtMs: now };
        const session = sessionClaims(token);
        if (!session || now - session.signedInAtMs >= lifetimeMs || session.signedInAtMs > now + CLOCK_SKEW_MS) {
          return null;
        }
        return (await revokedSessions.isRevoked(session.sid)) ? null : token;
      },
      signIn({ account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        return oidc ? isOidcAccountAllowed(profile, oidc.access) : false;
      },
      redirect({ url, baseUrl }) {
        return new URL(safeCallbackPath(url, baseUrl), baseUrl).toString();
      },
    },
  };
}
