/** Recharts styling shared by the charts: theme colours through CSS variables, readable small text. */
export const AXIS_TICK = { fill: "var(--chart-axis)", fontSize: 12 };
export const GRID_STROKE = "var(--chart-grid)";
export const TOOLTIP_STYLE = {
  contentStyle: {
    background: "var(--chart-tooltip-bg)",
    border: "1px solid var(--chart-tooltip-border)",
    borderRadius: 6,
    fontSize: 12,
  },
  labelStyle: { color: "var(--chart-axis)" },
  itemStyle: { padding: 0 },
} as const;
