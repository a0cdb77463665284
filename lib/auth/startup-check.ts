import "server-only";
import { log } from "@/lib/logging/log";
import { isDemoAccountEnabled } from "./demo-account";
import { oidcSettings } from "./oidc";
import { sessionLifetimeMs } from "./session-lifetime";

/**
 * Reads every auth setting once at start; a setting that is wrong, or SSO open to every account of
 * the identity provider without saying so, ends the process with one clear line instead of serving
 * sign-in pages that fail (or let the wrong people in) later.
 */
export function refuseUnsafeAuthConfiguration(exit: (code: number) => never = process.exit): void {
  try {
    oidcSettings();
    sessionLifetimeMs();
    isDemoAccountEnabled();
  } catch (error) {
    log("error", "startup_refused", {
      message: `Migration Console cannot start: ${error instanceof Error ? error.message : String(error)}`,
    });
    exit(1);
  }
}
