"use client";

import { useRouter } from "next/navigation";
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart as RechartsLineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import { formatAxisValue, formatChartValue } from "./chart-format";
import { AXIS_TICK, GRID_STROKE, TOOLTIP_STYLE } from "./chart-style";
import type { ChartRow, ChartSeries, ChartValueFormat } from "./chart-types";

/**
 * A value per day, one line per series; days without a value leave a gap rather than a false zero.
 * A click on a point opens the list behind it (the table alternative has the same links).
 */
export function LineChart({
  rows,
  series,
  format,
  height = 240,
}: {
  rows: ChartRow[];
  series: ChartSeries[];
  format: ChartValueFormat;
  height?: number;
}) {
  const router = useRouter();
  const data = rows.map((row) => ({ label: row.label, ...row.values }));
  return (
    <div style={{ height }} className="w-full">
      <ResponsiveContainer width="100%" height="100%">
        <RechartsLineChart
          accessibilityLayer={false}
          data={data}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          onClick={(state) => {
            const index = Number(state.activeTooltipIndex);
            const href = Number.isInteger(index) ? rows[index]?.links[series[0]?.key ?? ""] : undefined;
            if (href) router.push(href);
          }}
        >
          <CartesianGrid stroke={GRID_STROKE} vertical={false} />
          <XAxis dataKey="label" tick={AXIS_TICK} minTickGap={12} />
          <YAxis tick={AXIS_TICK} width={52} tickFormatter={(value: number) => formatAxisValue(value, format)} />
          <Tooltip {...TOOLTIP_STYLE} formatter={(value) => formatChartValue(Number(value), format)} />
          <Legend wrapperStyle={{ fontSize: 12, color: "var(--chart-axis)" }} />
          {series.map((entry) => (
            <Line
              key={entry.key}
              type="linear"
              dataKey={entry.key}
              name={entry.label}
              stroke={entry.color}
              strokeWidth={2}
              dot={{ r: 2, fill: entry.color }}
              connectNulls={false}
              isAnimationActive={false}
            />
          ))}
        </RechartsLineChart>
      </ResponsiveContainer>
    </div>
  );
}
