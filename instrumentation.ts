export async function register() {
  // Only the Node.js server runs the embedded API and the sync engine; the edge runtime never loads them.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // `next build` may load this file too: no demo data, no sync loop during a build.
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  // Before Next handles a request: it would answer TRACE with a 500 before any route could refuse it.
  const { refuseFetchForbiddenMethods } = await import("@/lib/security/fetch-forbidden-methods");
  refuseFetchForbiddenMethods();
  // A configuration that would let the wrong people in stops the server at start, not at first sign-in.
  const { refuseUnsafeAuthConfiguration } = await import("@/lib/auth/startup-check");
  refuseUnsafeAuthConfiguration();
  const { isEmbeddedMode } = await import("@/lib/embedded-api/settings");
  if (isEmbeddedMode()) {
    const { startEmbeddedApi } = await import("@/lib/embedded-api/bootstrap");
    startEmbeddedApi();
    // The demo's companies and users get names in the app's directory (once, into an empty one).
    const { startDemoDirectory } = await import("@/lib/directory/demo-directory");
    void startDemoDirectory();
  }
  const { startSyncService } = await import("@/lib/sync/sync-service");
  void startSyncService();
  // Alerts run beside the sync, in one instance at a time (their own lease); nothing else sends them.
  const { startAlertService } = await import("@/lib/alerts/start");
  void startAlertService();
  // Webhook events left due (a retry, or a crash between storing one and applying it).
  const { startWebhookSweep } = await import("@/lib/webhooks/service");
  startWebhookSweep();
}
