"use client";
import {
  Area,
  AreaChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  type TooltipContentProps,
  XAxis,
  YAxis,
} from "recharts";
import type { NameType, ValueType } from "recharts/types/component/DefaultTooltipContent";
import type { ChartRow, ChartSpec } from "./chart-series";

const clock = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });
const clockSeconds = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });

interface MetricChartProps {
  spec: ChartSpec;
  rows: ChartRow[];
  /** The time axis spans exactly the window, so the line grows from the right as samples come. */
  domain: [number, number];
}

/** One small time-series chart with its headline figure (the latest value of its first series). */
export function MetricChart({ spec, rows, domain }: MetricChartProps) {
  const latest = rows.at(-1);
  const short = domain[1] - domain[0] <= 15 * 60_000;
  const format = (t: number) => (short ? clockSeconds : clock).format(new Date(t));
  const common = {
    data: rows,
    margin: { top: 4, right: 4, bottom: 0, left: -12 },
  };
  const axes = (
    <>
      <CartesianGrid vertical={false} stroke="currentColor" strokeOpacity={0.12} />
      <XAxis
        dataKey="t"
        type="number"
        scale="time"
        domain={domain}
        tickFormatter={(t: number) => clock.format(new Date(t))}
        tick={{ fill: "currentColor", fontSize: 10 }}
        stroke="currentColor"
        strokeOpacity={0.2}
        tickLine={false}
        minTickGap={40}
      />
      <YAxis
        tick={{ fill: "currentColor", fontSize: 10 }}
        stroke="currentColor"
        strokeOpacity={0}
        tickLine={false}
        width={44}
        allowDecimals={spec.unit !== "tasks" && spec.unit !== "agents"}
      />
      <Tooltip
        content={(props: TooltipContentProps<ValueType, NameType>) => (
          <ChartTooltip {...props} spec={spec} format={format} />
        )}
        isAnimationActive={false}
        cursor={{ stroke: "currentColor", strokeOpacity: 0.3 }}
      />
    </>
  );
  return (
    <figure
      className="h-[196px] min-w-0 rounded-lg border border-zinc-200 bg-white p-3 dark:border-zinc-800 dark:bg-zinc-900/60"
      data-testid={`chart-${spec.id}`}
      data-points={rows.length}
    >
      <figcaption className="flex items-baseline justify-between gap-2">
        <span className="text-xs font-medium text-zinc-600 dark:text-zinc-300">{spec.title}</span>
        <span className="text-sm font-semibold text-zinc-900 tabular-nums dark:text-zinc-50">
          {latest
            ? spec.kind === "stacked"
              ? spec.series.reduce((sum, s) => sum + (latest[s.key] ?? 0), 0)
              : (latest[spec.series[0]!.key] ?? 0).toFixed(spec.digits ?? 0)
            : "–"}
          <span className="ml-1 text-[11px] font-normal text-zinc-500 dark:text-zinc-400">{spec.unit}</span>
        </span>
      </figcaption>
      <div
        className="mt-2 h-36 text-zinc-500 dark:text-zinc-400"
        role="img"
        aria-label={`${spec.title} over time, ${spec.unit}`}
      >
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 320, height: 144 }}>
          {spec.kind === "line" ? (
            <LineChart {...common}>
              {axes}
              {spec.series.map((s) => (
                <Line
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  stroke={s.color}
                  strokeWidth={1.75}
                  dot={false}
                  isAnimationActive={false}
                  type="monotone"
                />
              ))}
            </LineChart>
          ) : (
            <AreaChart {...common}>
              {axes}
              {spec.series.map((s) => (
                <Area
                  key={s.key}
                  dataKey={s.key}
                  name={s.label}
                  // Stacked bands show by their fill: a stroke of an empty band would draw a line on top.
                  stroke={spec.kind === "stacked" ? "none" : s.color}
                  fill={s.color}
                  fillOpacity={spec.kind === "stacked" ? 0.45 : 0.15}
                  strokeWidth={1.5}
                  stackId={spec.kind === "stacked" ? "stack" : undefined}
                  isAnimationActive={false}
                  type="monotone"
                />
              ))}
            </AreaChart>
          )}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

function ChartTooltip({
  active,
  payload,
  label,
  spec,
  format,
}: TooltipContentProps<ValueType, NameType> & { spec: ChartSpec; format: (t: number) => string }) {
  if (!active || !payload?.length) return null;
  return (
    <div className="rounded-md border border-zinc-200 bg-white px-2.5 py-1.5 text-xs shadow-md dark:border-zinc-700 dark:bg-zinc-900">
      <p className="mb-1 font-medium text-zinc-700 dark:text-zinc-200">{format(Number(label))}</p>
      {payload.map((item) => (
        <p key={String(item.dataKey)} className="flex items-center gap-1.5 text-zinc-600 dark:text-zinc-300">
          <span className="size-2 rounded-full" style={{ background: item.color }} aria-hidden />
          {item.name}
          <span className="ml-auto pl-3 font-medium tabular-nums">
            {Number(item.value).toFixed(spec.digits ?? (spec.unit === "ms" ? 0 : 1))} {spec.unit}
          </span>
        </p>
      ))}
    </div>
  );
}
