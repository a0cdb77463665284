import { STATUS_ORDER, statusInfo } from "@/lib/migrations/status-catalogue";
import { isKnownStatus } from "@/lib/migrations/statuses";
import { statusChartColor } from "./chart-colors";

export interface StatusSeries {
  key: string;
  label: string;
  color: string;
}

/** The statuses present, in the dashboard's usual order (unknown ones last, by name), as chart series. */
export function statusSeries(statuses: Iterable<string>): StatusSeries[] {
  const present = new Set(statuses);
  const known = STATUS_ORDER.filter((status) => present.has(status));
  const unknown = [...present].filter((status) => !isKnownStatus(status)).sort();
  return [...known, ...unknown].map((status) => ({
    key: status,
    label: statusInfo(status).label,
    color: statusChartColor(status),
  }));
}
