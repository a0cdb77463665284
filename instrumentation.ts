export async function register() {
  // Only the Node.js server runs the embedded API (SQLite); the edge runtime never loads it.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { isEmbeddedMode } = await import("@/lib/embedded-api/settings");
  if (!isEmbeddedMode()) return;
  const { startEmbeddedApi } = await import("@/lib/embedded-api/bootstrap");
  startEmbeddedApi();
}
