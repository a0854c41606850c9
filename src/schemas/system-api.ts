/** API contracts of the overview: system health and each cluster's key figures. */
import { z } from "zod";
import { clusterSchema } from "./cluster-api";
import { isoDate } from "./common";

const level = z.enum(["ok", "warning", "critical"]);
const resource = z.object({ percent: z.number(), level });
const service = z.object({ status: z.enum(["up", "down"]), latencyMs: z.number().nullable() });

export const systemHealthSchema = z
  .object({
    status: level.describe("the worst of the checks below"),
    nodeId: z.string().describe("the node that answered"),
    leader: z.boolean().describe("whether this server's control plane leads"),
    uptimeSeconds: z.number().int(),
    sampledAt: isoDate,
    thresholds: z.object({
      cpuWarningPercent: z.number(),
      memoryCriticalPercent: z.number(),
      diskCriticalPercent: z.number(),
    }),
    cpu: resource,
    memory: resource,
    disk: resource,
    redis: service.extend({ managed: z.boolean().describe("run and restarted by Myzel") }),
    database: service,
  })
  .meta({ id: "SystemHealth" });
export type SystemHealthDto = z.infer<typeof systemHealthSchema>;

export const clusterFiguresSchema = z
  .object({
    cluster: clusterSchema,
    agents: z.object({
      total: z.number().int(),
      running: z.number().int().describe("idle or busy"),
      starting: z.number().int(),
      failed: z.number().int(),
      openCircuits: z.number().int(),
    }),
    tasks: z.object({
      open: z.number().int().describe("pending, queued or running"),
      perMinute: z.number().describe("finished per minute over the last 5 minutes"),
      errorRate: z.number().nullable().describe("failed / finished over the last 5 minutes"),
    }),
  })
  .meta({ id: "ClusterFigures" });
export type ClusterFiguresDto = z.infer<typeof clusterFiguresSchema>;
