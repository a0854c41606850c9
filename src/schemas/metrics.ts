/** A cluster's metric sample: what the sampler stores, publishes and the charts draw. */
import { z } from "zod";
import { isoDate, uuid } from "./common";

export const metricFiguresSchema = z.object({
  queueLength: z.number().describe("tasks waiting for an agent"),
  queueWaitMs: z.number().describe("average wait before an agent took it, tasks finished in the last minute"),
  tasksPerMinute: z.number().describe("tasks finished in the last minute"),
  avgResponseMs: z.number().describe("submit → result, tasks that succeeded in the last minute"),
  p95ResponseMs: z.number(),
  errorRate: z.number().describe("failed / finished in the last minute, 0-1"),
  agentsActive: z.number().describe("agents with a running process"),
  agentsIdle: z.number(),
  agentsBusy: z.number(),
  agentsFailed: z.number(),
  cpuPercent: z.number().describe("sum over the cluster's agent processes (100 = one core)"),
  memoryMb: z.number().describe("resident memory of the cluster's agent processes"),
});
export type MetricFigures = z.infer<typeof metricFiguresSchema>;

export const metricSampleSchema = metricFiguresSchema.extend({ sampledAt: isoDate }).meta({ id: "MetricSample" });

export const metricsHistoryInput = z.strictObject({
  id: uuid,
  windowMinutes: z.number().int().min(1).max(43_200).default(15).describe("how far back, up to 30 days"),
});

export const metricsHistorySchema = z
  .object({
    clusterId: z.string(),
    windowMinutes: z.number().int(),
    bucketSeconds: z.number().int().describe("seconds each point stands for (at most about 300 points)"),
    points: z.array(metricSampleSchema),
  })
  .meta({ id: "MetricsHistory" });
