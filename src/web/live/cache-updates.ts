/**
 * How one live event changes data the browser already holds. Each function takes what a
 * query has cached and returns it updated, or the very same object when the event does not
 * concern it, so nothing re-renders for nothing. What an event cannot say by itself (a
 * restart count, a new page of tasks) is refetched by the caller, a moment later.
 */
import { resourceLevels, worstLevel } from "@/domain/healing/health-levels";
import type { MyzelEventOf } from "@/schemas/events";
import type {
  Agent,
  HealingEntry,
  HealingListInput,
  HealingPage,
  Hierarchy,
  HierarchyNode,
  MetricsHistory,
  SystemHealth,
  Task,
  TaskPage,
} from "../lib/api-types";

type AgentStatusEvent = MyzelEventOf<"agent.status">;

function patchAgent(agent: Agent, event: AgentStatusEvent): Agent {
  if (agent.id !== event.agentId) return agent;
  if (agent.status === event.status && agent.pid === event.pid && agent.circuit === event.circuit) return agent;
  // A process that (re)started ran from now on; a stopped one has no uptime.
  const started = event.status === "STARTING" || (event.pid !== null && event.pid !== agent.pid);
  return {
    ...agent,
    status: event.status,
    pid: event.pid,
    circuit: event.circuit,
    startedAt: started ? event.at : agent.startedAt,
  };
}

export function applyAgentStatus(agents: Agent[] | undefined, event: AgentStatusEvent): Agent[] | undefined {
  if (!agents) return agents;
  const index = agents.findIndex((agent) => agent.id === event.agentId);
  if (index < 0) return agents;
  const patched = patchAgent(agents[index]!, event);
  if (patched === agents[index]) return agents;
  const next = [...agents];
  next[index] = patched;
  return next;
}

function patchNodes(nodes: HierarchyNode[], event: AgentStatusEvent): HierarchyNode[] {
  let changed = false;
  const next = nodes.map((node) => {
    const agent = patchAgent(node.agent, event);
    const subordinates = patchNodes(node.subordinates, event);
    if (agent === node.agent && subordinates === node.subordinates) return node;
    changed = true;
    return { agent, subordinates };
  });
  return changed ? next : nodes;
}

export function applyAgentStatusToHierarchy(
  hierarchy: Hierarchy | undefined,
  event: AgentStatusEvent,
): Hierarchy | undefined {
  if (!hierarchy || hierarchy.clusterId !== event.clusterId) return hierarchy;
  const roots = patchNodes(hierarchy.roots, event);
  return roots === hierarchy.roots ? hierarchy : { ...hierarchy, roots };
}

/** Applies `patch` to a cached task or to each task of a cached page; unchanged data stays the same object. */
function patchTasks<T extends Task | TaskPage>(data: T | undefined, patch: (task: Task) => Task): T | undefined {
  if (!data) return data;
  if (!("items" in data)) return patch(data) as T;
  let changed = false;
  const items = data.items.map((task) => {
    const patched = patch(task);
    if (patched !== task) changed = true;
    return patched;
  });
  return changed ? { ...data, items } : data;
}

type FinishedEvent = MyzelEventOf<"tasks.finished">;

export function applyTasksFinished<T extends Task | TaskPage>(
  data: T | undefined,
  event: FinishedEvent,
): T | undefined {
  const finished = new Map(event.tasks.map((task) => [task.id, task]));
  return patchTasks(data, (task) => {
    const update = finished.get(task.id);
    if (!update || task.status === update.status) return task;
    return {
      ...task,
      status: update.status,
      agentId: update.agentId ?? task.agentId,
      finishedAt: task.finishedAt ?? event.at,
    };
  });
}

type StartedEvent = MyzelEventOf<"tasks.started">;

/** Tasks their agents have begun: RUNNING from then on, unless the page already knows more. */
export function applyTasksStarted<T extends Task | TaskPage>(data: T | undefined, event: StartedEvent): T | undefined {
  const started = new Map(event.tasks.map((task) => [task.id, task]));
  return patchTasks(data, (task) => {
    const update = started.get(task.id);
    if (!update || (task.status !== "PENDING" && task.status !== "QUEUED")) return task;
    return { ...task, status: "RUNNING", agentId: update.agentId, startedAt: task.startedAt ?? event.at };
  });
}

type HealingEvent = MyzelEventOf<"healing">;

/** The history entry an event describes, as the API would list it. */
export function healingEntryOf(event: HealingEvent): HealingEntry {
  return {
    id: event.id,
    at: event.at,
    kind: event.kind,
    severity: event.severity ?? "warning",
    subject: event.subject,
    clusterId: event.clusterId,
    agentId: event.agentId ?? null,
    nodeId: null,
    detail: event.detail,
    action: event.action,
    actor: event.actor ?? "auto",
    outcome: event.outcome,
    response: event.response ?? "acted",
    durationMs: event.durationMs,
    finishedAt: event.outcome === "pending" ? null : event.at,
  };
}

/** Whether an entry belongs in a history list asked for with these filters. */
export function matchesHealingFilters(entry: HealingEntry, input: Partial<HealingListInput>): boolean {
  if (input.clusterId && entry.clusterId !== input.clusterId) return false;
  if (input.agentId && entry.agentId !== input.agentId) return false;
  if (input.kind && entry.kind !== input.kind) return false;
  if (input.outcome && entry.outcome !== input.outcome) return false;
  if (input.severity && entry.severity !== input.severity) return false;
  if (input.actor && (input.actor === "auto") !== (entry.actor === "auto")) return false;
  if (input.since && entry.at < input.since) return false;
  return true;
}

/**
 * A new entry goes on top of the first page (the one with no newer page); an entry seen before (its outcome arrived) is
 * updated where it stands. Later pages only shift, and are refetched.
 */
export function applyHealing(
  page: HealingPage | undefined,
  input: Partial<HealingListInput>,
  event: HealingEvent,
): HealingPage | undefined {
  if (!page) return page;
  const entry = healingEntryOf(event);
  const index = page.items.findIndex((item) => item.id === entry.id);
  if (index >= 0) {
    const items = [...page.items];
    // The event leaves out what the row keeps (its node): keep those.
    items[index] = { ...page.items[index]!, ...entry, nodeId: page.items[index]!.nodeId };
    return { ...page, items };
  }
  if (page.prevCursor !== null || !matchesHealingFilters(entry, input)) return page;
  const items = [entry, ...page.items].slice(0, page.limit);
  return { ...page, items, total: page.total + 1 };
}

type SampleEvent = MyzelEventOf<"system.sample">;

export function applySystemSample(health: SystemHealth | undefined, event: SampleEvent): SystemHealth | undefined {
  if (!health) return health;
  const levels = resourceLevels(event, health.thresholds);
  const redis = event.redisUp
    ? { ...health.redis, status: "up" as const }
    : { ...health.redis, status: "down" as const, latencyMs: null };
  const database = event.databaseUp
    ? { ...health.database, status: "up" as const }
    : { status: "down" as const, latencyMs: null };
  const services = [redis.status === "up" ? "ok" : "critical", database.status === "up" ? "ok" : "critical"] as const;
  return {
    ...health,
    sampledAt: event.at,
    status: worstLevel([levels.cpu, levels.memory, levels.disk, ...services]),
    cpu: { percent: round(event.cpuPercent), level: levels.cpu },
    memory: { percent: round(event.memoryPercent), level: levels.memory },
    disk: { percent: round(event.diskPercent), level: levels.disk },
    redis,
    database,
  };
}

const round = (value: number) => Math.round(value * 10) / 10;

type MetricsEvent = MyzelEventOf<"metrics.sample">;

/**
 * A new sample goes on the end of a chart: into the last point when it falls in the same
 * bucket, as a new point otherwise; points that fell out of the window are dropped.
 */
export function applyMetricSample(
  history: MetricsHistory | undefined,
  event: MetricsEvent,
): MetricsHistory | undefined {
  if (!history || history.clusterId !== event.clusterId) return history;
  const bucketMs = history.bucketSeconds * 1000;
  const at = Date.parse(event.at);
  const bucket = new Date(Math.floor(at / bucketMs) * bucketMs).toISOString();
  const point = { ...event.sample, sampledAt: bucket };
  const last = history.points.at(-1);
  if (last && Date.parse(last.sampledAt) > at) return history; // older than what is drawn: a late event
  const kept = last?.sampledAt === bucket ? history.points.slice(0, -1) : history.points;
  const from = at - history.windowMinutes * 60_000;
  const points = [...kept.filter((p) => Date.parse(p.sampledAt) >= from), point];
  return { ...history, points };
}
