import "server-only";

export const DEFAULT_SESSION_HOURS = 12;

/**
 * AUTH_SESSION_MAX_AGE_HOURS: how long a sign-in lasts, counted from the sign-in itself (renewing the
 * session never extends it). 12 hours unless set; between a minute and 30 days.
 */
export function sessionLifetimeMs(env: Record<string, string | undefined> = process.env): number {
  const raw = env.AUTH_SESSION_MAX_AGE_HOURS?.trim();
  if (!raw) return DEFAULT_SESSION_HOURS * 3_600_000;
  const hours = Number(raw);
  if (!Number.isFinite(hours) || hours < 1 / 60 || hours > 720) {
    throw new Error("AUTH_SESSION_MAX_AGE_HOURS must be a number of hours between 0.02 (a minute) and 720 (30 days).");
  }
  return Math.round(hours * 3_600_000);
}
