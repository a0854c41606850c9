/** API contracts of clusters, their agents, hierarchy and metrics. */
import { z } from "zod";
import { AGENT_STATUSES } from "../domain/cluster/agent-states";
import { CLUSTER_STATUSES } from "../domain/cluster/lifecycle";
import { CIRCUIT_STATES } from "../domain/healing/restart-policy";
import { AGENT_TIERS, CLUSTER_TYPES, ROUTING_STRATEGIES } from "./blueprint";
import { isoDate, page, pagination, uuid } from "./common";
import { metricSampleSchema } from "./metrics";

export { AGENT_TIERS, CLUSTER_TYPES, ROUTING_STRATEGIES };

const clusterName = z.string().trim().min(1, "a name is required").max(100, "a name may be at most 100 characters");

export const clusterCreateInput = z.strictObject({
  blueprintId: z.string().min(1).describe("metadata.id of a stored blueprint"),
  blueprintVersion: z.string().optional().describe("defaults to the newest version that is not archived"),
  name: clusterName,
  description: z.string().max(2000).optional(),
  type: z.enum(CLUSTER_TYPES).optional().describe("defaults to the blueprint's cluster.type"),
  targetWorkers: z.number().int().min(0).optional().describe("defaults to the smallest size the blueprint allows"),
});

export const clusterListInput = z.strictObject({
  status: z.enum(CLUSTER_STATUSES).optional(),
  type: z.enum(CLUSTER_TYPES).optional(),
  blueprintId: z.string().optional(),
  search: z.string().max(100).optional().describe("part of the name, case-insensitive"),
  includeDeleted: z.boolean().default(false),
  ...pagination,
});

export const clusterUpdateInput = z.strictObject({
  id: uuid,
  name: clusterName.optional(),
  description: z.string().max(2000).nullable().optional(),
  routingStrategy: z.enum(ROUTING_STRATEGIES).optional(),
  minWorkers: z.number().int().min(0).optional(),
  maxWorkers: z.number().int().min(1).optional(),
});

export const clusterWaitInput = z.strictObject({
  id: uuid,
  status: z
    .union([z.enum(CLUSTER_STATUSES), z.array(z.enum(CLUSTER_STATUSES)).min(1)])
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .describe("one status or several; answers as soon as the cluster is in one of them"),
  timeoutMs: z.number().int().min(0).max(60_000).default(30_000),
});

/** Agents per role, e.g. { "analyst": 2 }: the scale request's per-role form and the stored role_targets column. */
export const roleCountsSchema = z.record(z.string().min(1), z.number().int().min(0));

/** What a scale request asks for, in one of two forms (REST's body and the control queue's scale_cluster). */
export const scaleRequestFields = {
  targetWorkers: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe("the planned agents in total; roles keep what they have where they can"),
  roles: roleCountsSchema
    .optional()
    .describe('agents for the roles named, e.g. { "analyst": 2 }; roles left out keep their count'),
};
const isOneScaleForm = (input: { targetWorkers?: number; roles?: Record<string, number> }) =>
  (input.targetWorkers === undefined) !== (input.roles === undefined);
export const oneScaleForm = [
  isOneScaleForm,
  { message: "give either targetWorkers or roles", path: ["targetWorkers"] },
] as [typeof isOneScaleForm, { message: string; path: string[] }];

export const clusterScaleInput = z.strictObject({ id: uuid, ...scaleRequestFields }).refine(...oneScaleForm);

export const clusterSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    type: z.enum(CLUSTER_TYPES),
    status: z.enum(CLUSTER_STATUSES),
    blueprintId: z.string(),
    blueprintVersion: z.string(),
    minWorkers: z.number().int(),
    maxWorkers: z.number().int(),
    targetWorkers: z
      .number()
      .int()
      .describe("planned agents (those added by hand not counted); the cluster runs them when awake"),
    currentWorkers: z.number().int().describe("agents whose process runs now and takes tasks; 0 while hibernated"),
    roleTargets: z
      .record(z.string(), z.number().int())
      .describe("planned agents per role; they add up to targetWorkers"),
    routingStrategy: z.enum(ROUTING_STRATEGIES),
    allowedActions: z.array(z.string()).describe("lifecycle events possible in the current status"),
    statusChangedAt: isoDate,
    createdAt: isoDate,
    updatedAt: isoDate,
    deletedAt: isoDate.nullable(),
    version: z
      .number()
      .int()
      .describe(
        'the version of the desired state (configuration, targets, requested lifecycle), not of the agents\' live statuses; the ETag is "v<version>"',
      ),
  })
  .meta({ id: "Cluster" });
export type ClusterDto = z.infer<typeof clusterSchema>;

export const clusterWaitResult = clusterSchema.extend({
  timedOut: z
    .boolean()
    .describe("true when the wait ended before the cluster reached a status asked for: the cluster is as it was then"),
});

export const clusterPage = page(clusterSchema);

export const agentSchema = z
  .object({
    id: z.string(),
    clusterId: z.string(),
    key: z.string(),
    role: z.string(),
    tier: z.enum(AGENT_TIERS),
    name: z.string(),
    capabilities: z.array(z.string()),
    status: z.enum(AGENT_STATUSES),
    reportsToId: z.string().nullable(),
    runtime: z.string().describe("builtin, command or llm"),
    addedManually: z.boolean(),
    nodeId: z.string().nullable().describe("the runner node it runs on"),
    placementWait: z
      .string()
      .nullable()
      .describe("why it waits for a node: no live node meets its role's placement (labels, room, max_per_node)"),
    moving: z.boolean().describe("a drain or rebalance moves it: it finishes its work, then starts on another node"),
    pid: z.number().int().nullable().describe("OS process id while it runs"),
    startedAt: isoDate.nullable(),
    restartCount: z.number().int(),
    circuit: z.enum(CIRCUIT_STATES).describe("its circuit breaker: open = no restarts and no routing"),
    createdAt: isoDate,
    removedAt: isoDate.nullable(),
  })
  .meta({ id: "Agent" });
export type AgentDto = z.infer<typeof agentSchema>;

export const agentListInput = z.strictObject({
  id: uuid,
  role: z.string().optional(),
  status: z.enum(AGENT_STATUSES).optional(),
  includeRemoved: z.boolean().default(false),
});

export const agentAddInput = z.strictObject({
  id: uuid.describe("the cluster"),
  role: z.string().min(1).describe("a role of the cluster's blueprint"),
  name: z.string().trim().min(1).max(100).optional(),
  reportsToId: uuid.optional().describe("the manager; defaults to the least-loaded agent of the role's reports_to"),
  capabilities: z.array(z.string().min(1).max(100)).max(50).optional(),
});

export interface HierarchyNodeDto {
  agent: AgentDto;
  subordinates: HierarchyNodeDto[];
}
export const hierarchyNodeSchema: z.ZodType<HierarchyNodeDto> = z
  .lazy(() => z.object({ agent: agentSchema, subordinates: z.array(hierarchyNodeSchema) }))
  .meta({ id: "HierarchyNode" });
export const hierarchySchema = z
  .object({
    clusterId: z.string(),
    agentCount: z.number().int(),
    roots: z.array(hierarchyNodeSchema),
  })
  .meta({ id: "Hierarchy" });

export const metricsInput = z.strictObject({
  id: uuid,
  since: isoDate.optional(),
  limit: z.number().int().min(1).max(5000).default(500),
});

export { metricSampleSchema };

export const agentMetricsSchema = z
  .object({
    agentId: z.string(),
    key: z.string(),
    tasksSent: z.number().int(),
    tasksCompleted: z.number().int(),
    tasksFailed: z.number().int(),
    avgResponseMs: z.number().nullable(),
    p95ResponseMs: z.number().nullable(),
    successRate: z.number().nullable().describe("completed / (completed + failed)"),
    uptimeSeconds: z.number().int(),
    restartCount: z.number().int(),
    activeTasks: z.number().int(),
    load: z.number().describe("active tasks / concurrency"),
    alive: z.boolean().describe("its heartbeat is fresh"),
  })
  .meta({ id: "AgentMetrics" });

export const roleFiguresSchema = z
  .object({
    role: z.string(),
    target: z.number().int().describe("planned agents of the role"),
    running: z.number().int().describe("its agents up and taking tasks"),
    waiting: z.number().int().describe("tasks for the role not yet in an agent's hands"),
    oldestWaitMs: z.number().int().describe("how long its oldest task has waited for an agent; 0 when none waits"),
  })
  .meta({ id: "RoleFigures" });

export const metricsSchema = z
  .object({
    clusterId: z.string(),
    agents: z.record(z.string(), z.number().int()).describe("current agents by status"),
    roles: z
      .array(roleFiguresSchema)
      .describe(
        "per role of the blueprint, now: a role at 0 agents with tasks waiting needs scaling (auto-scaling does it when on)",
      ),
    perAgent: z.array(agentMetricsSchema),
    samples: z.array(metricSampleSchema),
  })
  .meta({ id: "ClusterMetrics" });
