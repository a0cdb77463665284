/**
 * Times for people: in the viewer's own zone (the browser's), with the UTC value one hover away.
 * Everything goes through Intl, never hand-built strings.
 */
const localFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const utcFormat = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "medium",
  timeZone: "UTC",
});
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: "auto", style: "short" });

export function formatLocal(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  return timeZone
    ? new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium", timeZone }).format(date)
    : localFormat.format(date);
}

export function formatUtc(iso: string): string {
  return `${utcFormat.format(new Date(iso))} UTC`;
}

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
  ["second", 1000],
];

/** "5 min ago", "3 days ago": the largest whole unit. */
export function formatRelative(iso: string, nowMs: number): string {
  const diff = Date.parse(iso) - nowMs;
  for (const [unit, size] of UNITS) {
    if (Math.abs(diff) >= size || unit === "second") return relativeFormat.format(Math.round(diff / size), unit);
  }
  return relativeFormat.format(0, "second");
}

/** "2 h 5 min", "3 d 4 h": a compact duration for ages. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "< 1 min";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return `${days} d ${hours % 24} h`;
}
