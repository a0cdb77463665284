/** What the chart components take from the server pages: plain data, links already built. */
export interface ChartSeries {
  key: string;
  label: string;
  /** A CSS colour, usually a themed variable (lib/insights/chart-colors.ts). */
  color: string;
}

export interface ChartRow {
  label: string;
  values: Record<string, number | null>;
  /** Where a click on this row's mark of a series leads: the list behind it. */
  links: Record<string, string>;
}

/** How values read on the axis and in the tooltip (a function cannot cross from server to client). */
export type ChartValueFormat = "count" | "percent" | "duration";
