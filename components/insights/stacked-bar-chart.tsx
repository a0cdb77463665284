"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatAxisValue, formatChartValue } from "./chart-format";
import { AXIS_TICK, GRID_STROKE, TOOLTIP_STYLE } from "./chart-style";
import type { ChartRow, ChartSeries, ChartValueFormat } from "./chart-types";

/**
 * Bars per row (a day, a status, a company), one segment per series, stacked or side by side;
 * `vertical` lays the rows out top to bottom (long labels). A click on a segment opens the list
 * behind it; the table alternative beside every chart has the same links for the keyboard.
 */
export function StackedBarChart({
  rows,
  series,
  format = "count",
  stacked = true,
  vertical = false,
  height = 260,
}: {
  rows: ChartRow[];
  series: ChartSeries[];
  format?: ChartValueFormat;
  stacked?: boolean;
  vertical?: boolean;
  height?: number;
}) {
  const router = useRouter();
  const data = rows.map((row) => ({ label: row.label, ...row.values }));
  const valueAxis = {
    tick: AXIS_TICK,
    tickFormatter: (value: number) => formatAxisValue(value, format),
    allowDecimals: false,
  };
  return (
    <div style={{ height }} className="w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          accessibilityLayer={false}
          data={data}
          layout={vertical ? "vertical" : "horizontal"}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
        >
          <CartesianGrid stroke={GRID_STROKE} vertical={vertical} horizontal={!vertical} />
          {vertical ? (
            <>
              <XAxis type="number" {...valueAxis} />
              <YAxis type="category" dataKey="label" tick={AXIS_TICK} width={120} interval={0} />
            </>
          ) : (
            <>
              <XAxis dataKey="label" tick={AXIS_TICK} minTickGap={12} />
              <YAxis {...valueAxis} width={48} />
            </>
          )}
          <Tooltip
            {...TOOLTIP_STYLE}
            cursor={{ fill: GRID_STROKE, opacity: 0.4 }}
            formatter={(value) => formatChartValue(Number(value), format)}
          />
          <Legend wrapperStyle={{ fontSize: 12, color: "var(--chart-axis)" }} />
          {series.map((entry) => (
            <Bar
              key={entry.key}
              dataKey={entry.key}
              name={entry.label}
              fill={entry.color}
              {...(stacked ? { stackId: "all" } : {})}
              isAnimationActive={false}
              cursor="pointer"
              onClick={(_, index) => {
                const href = rows[index]?.links[entry.key];
                if (href) router.push(href);
              }}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
