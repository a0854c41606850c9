/**
 * Contracts of the compatibility aliases: the paths of the original self-healing cluster
 * design, answered with its field names (snake_case: task_id, agent_type, worker_id) where a
 * script reads them, and Myzel's own answer beside them for everything else.
 */
import { z } from "zod";
import { agentMetricsSchema, clusterSchema, metricsSchema } from "./cluster-api";
import { pagination, uuid } from "./common";
import { healingEventSchema } from "./healing-api";
import { systemHealthSchema } from "./system-api";
import { TASK_STATUSES, taskSchema } from "./task-api";

const clusterId = uuid
  .optional()
  .describe("the cluster; may be left out while exactly one cluster exists (as in the original design)");

export const compatClusterInput = z.strictObject({ clusterId });

export const compatSubmitInput = z.strictObject({
  clusterId,
  agent_type: z.string().min(1).max(100).optional().describe("the role to send the task to; any agent when left out"),
  description: z.string().min(1).max(100_000).describe("what to do: the task's prompt"),
});

export const compatTaskInput = z.strictObject({ id: uuid.describe("task_id from the submit answer") });

export const compatHistoryInput = z.strictObject({
  limit: pagination.limit,
});

export const compatHealInput = z.strictObject({
  clusterId: uuid.optional().describe("heal this cluster's agents and tasks instead of the infrastructure"),
});

const worker = z.object({
  worker_id: z.string().describe("the agent's key, e.g. worker-2"),
  agent_type: z.string().describe("the agent's role"),
  status: z.string(),
  pid: z.number().int().nullable(),
  restarts: z.number().int(),
});

export const compatStatusSchema = z.object({
  cluster_id: z.string(),
  name: z.string(),
  status: z.string().describe("Myzel's cluster status: ACTIVE, HIBERNATED, …"),
  running: z.boolean().describe("the cluster is ACTIVE: its agents run and take tasks"),
  total_workers: z.number().int().describe("agents of the cluster"),
  healthy_workers: z.number().int().describe("agents running now (idle or busy)"),
  workers: z.array(worker),
  cluster: clusterSchema.describe("the cluster as GET /api/clusters/{id} answers"),
});

export const compatTaskSchema = z.object({
  task_id: z.string(),
  status: z.enum(TASK_STATUSES),
  agent_type: z.string().nullable().describe("the role it was sent to; null when any agent may take it"),
  result: z.unknown(),
  error: z.string().nullable(),
  task: taskSchema.describe("the task as GET /api/tasks/{id} answers"),
});

export const compatAgentsSchema = z.object({
  cluster_id: z.string(),
  total: z.number().int(),
  agents: z.array(
    worker.extend({
      tasks_completed: z.number().int(),
      errors: z.number().int().describe("tasks that failed on it"),
      uptime: z.number().int().describe("seconds since it started; 0 while not running"),
      alive: z.boolean().describe("its heartbeat is fresh"),
    }),
  ),
});

export const compatHistorySchema = z.object({
  total: z.number().int(),
  history: z.array(healingEventSchema),
});

export const compatMetricsSchema = z.object({
  cluster_id: z.string(),
  system: systemHealthSchema.describe("CPU, memory, disk, Redis and PostgreSQL (GET /api/system/health)"),
  workers: z.array(agentMetricsSchema).describe("per agent (GET /api/clusters/{id}/metrics, perAgent)"),
  roles: metricsSchema.shape.roles,
});
