/**
 * `created` arrives as `2025-12-02T23:51:49.807119` (no zone: UTC), or with `Z` or `+00:00`.
 * JavaScript's Date reads a zone-less value as local time and does not accept six fractional
 * digits, so the value is normalized first: fraction trimmed to milliseconds, zone made explicit.
 * Returns undefined for anything that is not such a timestamp.
 */
const CREATED_PATTERN = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|z|[+-]\d{2}:?\d{2})?$/;

export function normalizeCreated(raw: string): string | undefined {
  const match = CREATED_PATTERN.exec(raw.trim());
  if (!match) return undefined;
  const [, date, time, fraction = "", zone = "Z"] = match;
  const seconds = time?.length === 5 ? `${time}:00` : time;
  const millis = fraction.padEnd(3, "0").slice(0, 3);
  const offset = zone.toUpperCase() === "Z" ? "Z" : zone.includes(":") ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const parsed = new Date(`${date}T${seconds}.${millis}${offset}`);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed.toISOString();
}

/**
 * The microseconds beyond the millisecond that `normalizeCreated` keeps (0-999), so two migrations
 * created in the same millisecond still sort as the upstream sorts them.
 */
export function subMillisecondMicros(raw: string): number {
  const fraction = CREATED_PATTERN.exec(raw.trim())?.[3] ?? "";
  return Number(fraction.padEnd(6, "0").slice(3, 6));
}
