import { formatDuration } from "@/lib/migrations/format-time";
import type { ChartValueFormat } from "./chart-types";

export function formatChartValue(value: number, format: ChartValueFormat): string {
  if (format === "percent") return `${(value * 100).toFixed(value < 0.1 && value > 0 ? 1 : 0)} %`;
  if (format === "duration") return formatDuration(value);
  return value.toLocaleString("en-US");
}

/** Shorter axis labels: a duration as its largest unit, a percentage without decimals. */
export function formatAxisValue(value: number, format: ChartValueFormat): string {
  if (format === "duration") {
    if (value >= 86_400_000) return `${Math.round(value / 86_400_000)} d`;
    if (value >= 3_600_000) return `${Math.round(value / 3_600_000)} h`;
    return `${Math.round(value / 60_000)} min`;
  }
  if (format === "percent") return `${Math.round(value * 100)} %`;
  return value.toLocaleString("en-US");
}
