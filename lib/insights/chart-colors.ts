import { isKnownStatus } from "@/lib/migrations/statuses";

/** The chart colour of a status (a CSS variable of app/globals.css, themed light and dark). */
export function statusChartColor(status: string): string {
  return isKnownStatus(status) ? `var(--chart-${status.toLowerCase().replaceAll("_", "-")})` : "var(--chart-other)";
}
