/** The typed event stream shared by server and browser. */
import { z } from "zod";
import { CLUSTER_STATUSES } from "../domain/cluster/lifecycle";
import { metricFiguresSchema } from "./metrics";

export const EVENTS_CHANNEL = "myzel:events";

const base = { clusterId: z.string(), at: z.iso.datetime({ offset: true }) };

export const myzelEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("cluster.created"), ...base, name: z.string() }),
  z.object({
    type: z.literal("cluster.status"),
    ...base,
    from: z.enum(CLUSTER_STATUSES),
    to: z.enum(CLUSTER_STATUSES),
    reason: z.string(),
  }),
  z.object({ type: z.literal("cluster.updated"), ...base }),
  z.object({ type: z.literal("cluster.agents"), ...base, added: z.number().int(), removed: z.number().int() }),
  z.object({
    type: z.literal("agent.status"),
    ...base,
    agentId: z.string(),
    key: z.string(),
    status: z.enum(["PENDING", "STARTING", "IDLE", "BUSY", "FAILED", "STOPPED"]),
    pid: z.number().int().nullable(),
    circuit: z.enum(["closed", "open", "half_open"]),
  }),
  z.object({
    type: z.literal("healing"),
    ...base,
    id: z.string(),
    kind: z.string(),
    subject: z.string(),
    detail: z.string(),
    action: z.string().nullable(),
    outcome: z.string(),
    durationMs: z.number().nullable(),
  }),
  z.object({ type: z.literal("metrics.sample"), ...base, sample: metricFiguresSchema }),
  z.object({
    type: z.literal("scaling.decision"),
    ...base,
    direction: z.enum(["up", "down", "none", "hibernate", "expire"]),
    from: z.number().int(),
    to: z.number().int(),
    reason: z.string(),
    outcome: z.enum(["applied", "held", "failed"]),
  }),
  z.object({ type: z.literal("tasks.submitted"), ...base, taskIds: z.array(z.string()) }),
  z.object({
    type: z.literal("tasks.finished"),
    ...base,
    tasks: z.array(z.object({ id: z.string(), status: z.enum(["SUCCEEDED", "FAILED", "CANCELLED"]), agentId: z.string().nullable() })),
  }),
]);
export type MyzelEvent = z.infer<typeof myzelEvent>;

/** Socket.IO room of one cluster; the overview joins the "clusters" room for everything. */
export const clusterRoom = (clusterId: string) => `cluster:${clusterId}`;
export const ALL_CLUSTERS_ROOM = "clusters";
