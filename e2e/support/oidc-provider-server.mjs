// A real OpenID provider for the browser tests (oidc-provider 8.x with its built-in dev login and
// consent pages). Any login id is accepted and used as a verified email address, so a test signs in
// as whoever it needs: an address of an allowed domain, or one the app must refuse.
// Usage: node e2e/support/oidc-provider-server.mjs   (settings from the E2E_OIDC_* variables below)
import { generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";
import Provider from "oidc-provider";

const port = Number(process.env.E2E_OIDC_PORT ?? 3109);
const issuer = process.env.E2E_OIDC_ISSUER ?? `http://localhost:${port}`;
const clientId = process.env.E2E_OIDC_CLIENT_ID;
const clientSecret = process.env.E2E_OIDC_CLIENT_SECRET;
const redirectUri = process.env.E2E_OIDC_REDIRECT_URI;
if (!clientId || !clientSecret || !redirectUri) {
  console.error("E2E_OIDC_CLIENT_ID, E2E_OIDC_CLIENT_SECRET and E2E_OIDC_REDIRECT_URI must be set.");
  process.exit(2);
}

/** "alice@allowed.test" → "Alice". */
function displayName(login) {
  const local = login.split("@")[0] || login;
  return local.charAt(0).toUpperCase() + local.slice(1);
}

// A fresh signing key per run (no development-key warning, nothing stored).
const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      response_types: ["code"],
      grant_types: ["authorization_code"],
      // What next-auth (oauth4webapi) sends when the provider config names no method.
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  jwks: { keys: [{ ...signingKey, use: "sig", alg: "RS256", kid: "e2e" }] },
  cookies: { keys: [randomBytes(32).toString("base64url")] },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  // Put the granted claims into the ID token: next-auth builds the user's profile from it.
  conformIdTokenClaims: false,
  async findAccount(_ctx, id) {
    const login = String(id).trim().toLowerCase();
    return {
      accountId: login,
      async claims() {
        return { sub: login, email: login, email_verified: true, name: displayName(login) };
      },
    };
  },
});

provider.on("server_error", (_ctx, error) => console.error("oidc-provider server_error:", error));

const server = http.createServer(provider.callback());
server.listen(port, "127.0.0.1", () => console.log(`test OpenID provider ${issuer} on 127.0.0.1:${port}`));

for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.close(() => process.exit(0)));
