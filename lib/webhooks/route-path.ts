/**
 * Where the Migrations API delivers its webhooks: the one route that answers without a session
 * (the signature is its credential). Shared by the proxy's refusals, the embedded sender's default
 * target and the tests; no server code here.
 */
export const WEBHOOK_ROUTE = "/api/webhooks/migrations";
