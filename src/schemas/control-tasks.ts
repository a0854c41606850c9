/**
 * The control tasks of a cluster's control queue (worker-pool.md), as any BullMQ client
 * can add them: queue `control.<clusterId>` under the prefix `myzel`, job name = task type,
 * job data = payload. `cluster_id`, when given, must be the queue's cluster. A key a payload
 * does not declare is refused by name (a misspelt `target_worker` must not pass unnoticed).
 */
import { z } from "zod";
import { delegateRequestSchema } from "./agent-protocol";

const clusterId = z.string().optional();

export const controlTaskSchemas = {
  task: z.strictObject({
    cluster_id: clusterId,
    role: z.string().optional(),
    capability: z.string().optional(),
    agent_id: z.string().optional(),
    type: z.string().min(1).max(100).default("task"),
    payload: z.unknown().default(null),
    session_key: z.string().max(200).optional(),
    timeout_ms: z.number().int().min(1).optional(),
  }),
  spawn_agent: z.strictObject({
    cluster_id: clusterId,
    agent_def: z.strictObject({
      role: z.string().min(1),
      name: z.string().min(1).max(100).optional(),
      reports_to_id: z.string().optional(),
      capabilities: z.array(z.string()).optional(),
    }),
  }),
  scale_cluster: z.strictObject({ cluster_id: clusterId, target_workers: z.number().int().min(0) }),
  delegate_task: delegateRequestSchema,
  health_check: z.strictObject({ cluster_id: clusterId }),
  collect_metrics: z.strictObject({ cluster_id: clusterId }),
} as const;

export type ControlTaskType = keyof typeof controlTaskSchemas;
export const CONTROL_TASK_TYPES = Object.keys(controlTaskSchemas) as ControlTaskType[];
