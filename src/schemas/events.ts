/** The typed event stream shared by server and browser. */
import { z } from "zod";
import { AGENT_STATUSES } from "../domain/cluster/agent-states";
import { CLUSTER_STATUSES } from "../domain/cluster/lifecycle";
import { CIRCUIT_STATES } from "../domain/healing/restart-policy";
import { HEALING_KINDS, HEALING_OUTCOMES, HEALING_RESPONSES, HEALING_SEVERITIES } from "../domain/healing/vocabulary";
import { FINISHED_TASK_STATES } from "../domain/tasks/task-states";
import { APPROVAL_CHANGES } from "./approval-state";
import { metricFiguresSchema } from "./metrics";

const at = z.iso.datetime({ offset: true });
const base = { clusterId: z.string(), at };

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
    status: z.enum(AGENT_STATUSES),
    pid: z.number().int().nullable(),
    circuit: z.enum(CIRCUIT_STATES),
  }),
  z.object({
    type: z.literal("healing"),
    // Infrastructure healing (Redis, memory, disk) concerns no cluster: it goes to the overview only.
    clusterId: z.string().nullable(),
    at,
    id: z.string(),
    kind: z.enum(HEALING_KINDS),
    severity: z.enum(HEALING_SEVERITIES).optional(),
    subject: z.string(),
    agentId: z.string().nullable().optional(),
    detail: z.string(),
    action: z.string().nullable(),
    actor: z.string().optional(),
    outcome: z.enum(HEALING_OUTCOMES),
    /** Absent from servers of earlier versions. */
    response: z.enum(HEALING_RESPONSES).optional(),
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
  z.object({
    type: z.literal("tasks.submitted"),
    ...base,
    taskIds: z.array(z.string()),
    /** Set for delegated subtasks, so a page following one task sees its subtasks appear. */
    rootTaskId: z.string().nullable().optional(),
  }),
  z.object({
    type: z.literal("tasks.started"),
    ...base,
    tasks: z.array(z.object({ id: z.string(), agentId: z.string() })),
  }),
  z.object({
    type: z.literal("tasks.finished"),
    ...base,
    tasks: z.array(
      z.object({
        id: z.string(),
        status: z.enum(FINISHED_TASK_STATES),
        agentId: z.string().nullable(),
      }),
    ),
  }),
  /** A session's earlier state was gone when its next prompt was answered (told in that answer too). */
  z.object({
    type: z.literal("session.lost"),
    ...base,
    sessionKey: z.string(),
    agentId: z.string(),
    taskId: z.string(),
    reason: z.string(),
  }),
  z.object({
    type: z.literal("memory.changed"),
    // A global namespace concerns no cluster: the overview's room only.
    clusterId: z.string().nullable(),
    at,
    namespaceId: z.string(),
    what: z.enum(["namespace", "value", "document", "import"]),
    change: z.enum(["put", "delete", "archive"]),
    /** The value's key or the document's id. */
    subject: z.string().nullable(),
    by: z.string(),
  }),
  /** A cluster's budget state changed: the soft limit reached (a notice), or its provider calls held or released. */
  z.object({
    type: z.literal("budget.state"),
    ...base,
    held: z.boolean(),
    soft: z.boolean(),
    reason: z.string().nullable(),
  }),
  /** Tasks held for approval, and each decision on them (by a person, or the leader's timeout). */
  z.object({
    type: z.literal("approvals"),
    ...base,
    change: z.enum(APPROVAL_CHANGES),
    taskIds: z.array(z.string()),
    /** Who decided; null for a request, "myzel" for a timeout or an escalation. */
    by: z.string().nullable(),
    comment: z.string().nullable(),
  }),
  z.object({
    type: z.literal("system.sample"),
    at,
    nodeId: z.string(),
    cpuPercent: z.number(),
    memoryPercent: z.number(),
    diskPercent: z.number(),
    redisUp: z.boolean(),
    databaseUp: z.boolean(),
  }),
]);
export type MyzelEvent = z.infer<typeof myzelEvent>;
export type MyzelEventOf<T extends MyzelEvent["type"]> = Extract<MyzelEvent, { type: T }>;

/** Socket.IO room of one cluster; the overview joins the "clusters" room for everything. */
export const clusterRoom = (clusterId: string) => `cluster:${clusterId}`;
export const ALL_CLUSTERS_ROOM = "clusters";

/** The cluster an event concerns, if any (system samples and infrastructure healing concern none). */
export function clusterOf(event: MyzelEvent): string | null {
  return "clusterId" in event ? event.clusterId : null;
}

/** Where an event goes: the overview's room always, and the room of its cluster. */
export function roomsOf(event: MyzelEvent): string[] {
  const clusterId = clusterOf(event);
  return clusterId ? [ALL_CLUSTERS_ROOM, clusterRoom(clusterId)] : [ALL_CLUSTERS_ROOM];
}
