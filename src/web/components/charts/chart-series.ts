/** Which figures each chart draws, in which colour and unit. */
import type { MetricPoint } from "../../lib/api-types";

export interface Series {
  key: string;
  label: string;
  color: string;
  value: (point: MetricPoint) => number;
}

export interface ChartSpec {
  id: string;
  title: string;
  unit: string;
  kind: "area" | "line" | "stacked";
  series: Series[];
  /** Decimals of the headline figure. */
  digits?: number;
}

export const CHARTS: ChartSpec[] = [
  {
    id: "throughput",
    title: "Throughput",
    unit: "tasks/min",
    kind: "area",
    series: [{ key: "tpm", label: "finished", color: "#10b981", value: (p) => p.tasksPerMinute }],
  },
  {
    id: "latency",
    title: "Latency",
    unit: "ms",
    kind: "line",
    series: [
      { key: "p95", label: "p95", color: "#8b5cf6", value: (p) => p.p95ResponseMs },
      { key: "avg", label: "average", color: "#0ea5e9", value: (p) => p.avgResponseMs },
    ],
  },
  {
    id: "errors",
    title: "Error rate",
    unit: "%",
    kind: "area",
    digits: 1,
    series: [{ key: "err", label: "failed", color: "#ef4444", value: (p) => p.errorRate * 100 }],
  },
  {
    id: "queue",
    title: "Queue",
    unit: "tasks",
    kind: "area",
    series: [{ key: "queue", label: "waiting", color: "#f59e0b", value: (p) => p.queueLength }],
  },
  {
    id: "agents",
    title: "Agents",
    unit: "agents",
    kind: "stacked",
    series: [
      { key: "idle", label: "idle", color: "#10b981", value: (p) => p.agentsIdle },
      { key: "busy", label: "busy", color: "#f59e0b", value: (p) => p.agentsBusy },
      { key: "failed", label: "failed", color: "#ef4444", value: (p) => p.agentsFailed },
    ],
  },
];

export const WINDOWS = [
  { minutes: 5, label: "5 min" },
  { minutes: 15, label: "15 min" },
  { minutes: 60, label: "1 h" },
  { minutes: 360, label: "6 h" },
  { minutes: 1440, label: "24 h" },
] as const;

export interface ChartRow {
  t: number;
  [key: string]: number;
}

/** Points as chart rows: a time and one number per series. */
export function chartRows(points: readonly MetricPoint[], spec: ChartSpec): ChartRow[] {
  return points.map((point) => {
    const row: ChartRow = { t: Date.parse(point.sampledAt) };
    for (const series of spec.series) row[series.key] = Math.round(series.value(point) * 100) / 100;
    return row;
  });
}
