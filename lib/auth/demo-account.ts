import "server-only";
import { isEmbeddedMode } from "@/lib/embedded-api/settings";

/**
 * The demo account exists only while the app runs on its embedded API with demo data.
 * With a real upstream configured there is no default account, ever.
 */
export const DEMO_ACCOUNT = {
  email: "demo@example.com",
  name: "Demo User",
  password: "demo-migrations",
} as const;

export function isDemoAccountEnabled(): boolean {
  return isEmbeddedMode();
}
