/** The node API's contracts: one schema per shape, for tRPC, REST, the OpenAPI document and the CLI. */
import { z } from "zod";
import { NODE_STATES } from "../domain/placement/node-state";
import { isoDate } from "./common";

export const nodeIdInput = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, "a node id is letters, digits, '.', '_', '-', at most 100 characters")
    .describe("The node's id (its runner's MYZEL_NODE_ID)."),
});

export const nodeSchema = z
  .object({
    id: z.string(),
    hostname: z.string(),
    address: z.string().nullable().describe("the host's first non-internal IPv4 address"),
    labels: z.record(z.string(), z.string()).describe("from the runner's MYZEL_NODE_LABELS"),
    state: z.enum(NODE_STATES).describe("ready; cordoned (takes no new agents); draining; lost (no heartbeat)"),
    capacity: z.number().int().describe("agents it may run"),
    running: z.number().int().describe("agent processes alive there, by its last heartbeat"),
    agents: z.array(z.object({ clusterId: z.string(), clusterName: z.string(), count: z.number().int() })),
    cpuPercent: z.number().nullable().describe("host load: one-minute load average per core, in percent"),
    memoryUsedMb: z.number().int().nullable(),
    memoryTotalMb: z.number().int().nullable(),
    lastHeartbeatAt: isoDate.nullable(),
    startedAt: isoDate,
    drainingSince: isoDate.nullable(),
    lostAt: isoDate.nullable(),
    failovers: z.number().int().describe("times it was lost or fenced and its agents moved elsewhere"),
    lastFailoverMs: z.number().int().nullable().describe("the last failover: last heartbeat → agents placed elsewhere"),
  })
  .meta({ id: "Node" });
export type NodeDto = z.infer<typeof nodeSchema>;

export const nodeActionSchema = z
  .object({
    node: nodeSchema,
    moved: z.number().int().describe("agents asked to move to other nodes by this action"),
  })
  .meta({ id: "NodeAction" });

export const rebalanceSchema = z
  .object({
    moved: z.number().int().describe("agents asked to move off crowded nodes"),
    from: z.array(z.object({ nodeId: z.string(), agents: z.number().int() })),
  })
  .meta({ id: "Rebalance" });

/** A runner's heartbeat in Redis (`keys.nodeHeartbeat`), written each beat with a TTL. */
export const nodeHeartbeatSchema = z.object({
  at: z.number(),
  running: z.number().int(),
  capacity: z.number().int(),
  cpuPercent: z.number().optional(),
  memoryUsedMb: z.number().int().optional(),
  memoryTotalMb: z.number().int().optional(),
});
export type NodeHeartbeat = z.infer<typeof nodeHeartbeatSchema>;
