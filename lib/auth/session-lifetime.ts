import "server-only";
import { type Env, readEnv } from "@/lib/config/env";

export const DEFAULT_SESSION_HOURS = 12;

/**
 * AUTH_SESSION_MAX_AGE_HOURS: how long a sign-in lasts, counted from the sign-in itself (renewing the
 * session never extends it). 12 hours unless set; between a minute and 30 days.
 */
export function sessionLifetimeMs(env: Env = process.env): number {
  return Math.round(readEnv("AUTH_SESSION_MAX_AGE_HOURS", env) * 3_600_000);
}
