/**
 * Routes recorded tasks to agents and puts them on the agents' queues. The cluster's
 * routing strategy picks among the running agents that match the task's target; a task
 * with no such agent yet stays PENDING and is dispatched again when agents come up.
 */

import { createRouter } from "../../domain/routing/create-router";
import type { RoutableAgent, Router } from "../../domain/routing/types";
import { bullmqPriorityOf, byDispatchOrder } from "../../domain/tasks/task-priority";
import type { Settings } from "../../env";
import type { Database } from "../../infra/database/client";
import type { Logger } from "../../infra/logger";
import type { AgentJob, JobSession } from "../../schemas/agent-protocol";
import type { RoutingStrategy } from "../../schemas/blueprint";
import { conversationOptionsSchema } from "../../schemas/blueprint-sessions";
import { jobSessionOf, type SessionNeed } from "../sessions/conversation-store";
import type { AgentQueues } from "./agent-queues";
import type { TaskRequest } from "./task-records";
import type { TaskStore } from "./task-store";

export interface DispatchableTask extends TaskRequest {
  /** Attempts made so far; the dispatched one is attempts + 1. */
  attempts: number;
  depth: number;
  rootTaskId: string | null;
  chain: string[];
  /** When it was recorded (absent while it is being submitted): equal priorities go oldest first. */
  createdAt?: Date | null;
}

export interface Assignment {
  task: DispatchableTask;
  agentId: string;
}

interface DirectoryAgent extends RoutableAgent {
  key: string;
  role: string;
  capabilities: string[];
  /** What of a session's past its runtime is sent with a task that has a session key. */
  sessionNeed: SessionNeed;
}

interface ClusterDirectory {
  at: number;
  strategy: RoutingStrategy;
  agents: DirectoryAgent[];
}

/** What the dispatcher keeps of a cluster it routes to; all of it goes when the cluster is forgotten. */
interface ClusterRouting {
  /** Its running agents as last read; read again once stale (`at` 0) or older than the TTL. */
  directory?: ClusterDirectory;
  router?: { strategy: RoutingStrategy; router: Router };
  usedAt: number;
}

/** How long the list of a cluster's running agents is reused before it is read again. */
const DIRECTORY_TTL_MS = 500;
/**
 * A cluster nobody routed to for this long is forgotten (destroyed, asleep, or just quiet): its
 * agent list, its router and its agents' load. Twice the default task timeout, so the tasks it
 * counted are done by then; if not, least-busy counts from 0 again for that cluster.
 */
export const CLUSTER_IDLE_MS = 10 * 60_000;

export class Dispatcher {
  private readonly clusters = new Map<string, ClusterRouting>();
  /** Tasks this server has put on each agent's queue and not yet seen finish (agents of the clusters above). */
  private readonly load = new Map<string, number>();
  private sweptAt: number;

  constructor(
    private readonly deps: { db: Database; tasks: TaskStore; queues: AgentQueues; settings: Settings; log: Logger },
    private readonly now: () => number = Date.now,
  ) {
    this.sweptAt = now();
  }

  get queues(): AgentQueues {
    return this.deps.queues;
  }

  /** What is held now: clusters known, and agents with load counted (for tests and the soak). */
  get held(): { clusters: number; agentsWithLoad: number } {
    return { clusters: this.clusters.size, agentsWithLoad: this.load.size };
  }

  /** The agents changed: read the list again before the next routing (the old one is kept to see who left). */
  invalidate(clusterId?: string): void {
    if (clusterId) this.stale(this.clusters.get(clusterId));
    else for (const routing of this.clusters.values()) this.stale(routing);
  }

  private stale(routing: ClusterRouting | undefined): void {
    if (routing?.directory) routing.directory.at = 0;
  }

  /** A task of this agent finished: it is one task less busy. */
  release(agentId: string): void {
    const load = (this.load.get(agentId) ?? 1) - 1;
    if (load <= 0) this.load.delete(agentId);
    else this.load.set(agentId, load);
  }

  /** Takes a job off an agent's queue (if it is still waiting there). */
  async unqueue(agentId: string, jobId: string): Promise<void> {
    this.release(agentId);
    await this.deps.queues
      .of(agentId)
      .remove(jobId)
      .catch(() => 0);
  }

  private async directory(clusterId: string): Promise<ClusterDirectory | undefined> {
    const now = this.now();
    if (now - this.sweptAt >= CLUSTER_IDLE_MS / 10) this.forgetIdle(now);
    const routing = this.clusters.get(clusterId) ?? { usedAt: now };
    routing.usedAt = now;
    const cached = routing.directory;
    if (cached && now - cached.at < DIRECTORY_TTL_MS) return cached;
    const cluster = await this.deps.db.cluster.findUnique({
      where: { id: clusterId },
      select: {
        routingStrategy: true,
        agents: { where: { removedAt: null, status: { in: ["IDLE", "BUSY"] } }, orderBy: { agentKey: "asc" } },
      },
    });
    if (!cluster) {
      this.forget(clusterId);
      return undefined;
    }
    const directory: ClusterDirectory = {
      at: this.now(),
      strategy: cluster.routingStrategy as RoutingStrategy,
      agents: cluster.agents.map((a) => {
        const spec = a.spec as { concurrency?: number; weight?: number; runtime?: RuntimeSpec };
        return {
          sessionNeed: sessionNeedOf(spec.runtime),
          id: a.id,
          key: a.agentKey,
          role: a.role,
          capabilities: a.capabilities,
          concurrency: spec.concurrency ?? 1,
          weight: spec.weight ?? 1,
          load: 0,
        };
      }),
    };
    // Agents that stopped running hold nothing here any more: they drained, or their tasks were sent back.
    const running = new Set(directory.agents.map((a) => a.id));
    for (const agent of routing.directory?.agents ?? []) if (!running.has(agent.id)) this.load.delete(agent.id);
    routing.directory = directory;
    this.clusters.set(clusterId, routing);
    return directory;
  }

  /** Forgets the clusters nobody routed to for CLUSTER_IDLE_MS (looked at on routing, ten times per idle period at most). */
  private forgetIdle(now: number): void {
    this.sweptAt = now;
    for (const [clusterId, routing] of this.clusters)
      if (now - routing.usedAt >= CLUSTER_IDLE_MS) this.forget(clusterId);
  }

  /** The cluster is gone or asleep: nothing of it is kept (it is read again if routed to). */
  forget(clusterId: string): void {
    for (const agent of this.clusters.get(clusterId)?.directory?.agents ?? []) this.load.delete(agent.id);
    this.clusters.delete(clusterId);
  }

  private routerFor(clusterId: string, strategy: RoutingStrategy): Router {
    const routing = this.clusters.get(clusterId);
    if (routing?.router?.strategy === strategy) return routing.router.router;
    const router = createRouter(strategy);
    if (routing) routing.router = { strategy, router };
    return router;
  }

  /**
   * Routes and enqueues tasks recorded as PENDING. Returns the ids that were queued; the
   * others stay PENDING.
   */
  async dispatch(tasks: readonly DispatchableTask[], delayMs = 0): Promise<string[]> {
    let assignments = await this.assign(tasks);
    if (!assignments.length) return [];

    // Recorded before it is queued, so a fast agent can never finish a task the record does not
    // know is queued; only the tasks this update moved out of PENDING are queued (no double dispatch).
    const movedIds = await this.deps.tasks.markQueued(
      assignments.map((a) => ({ taskId: a.task.id, agentId: a.agentId, attempt: a.task.attempts + 1 })),
    );
    for (const a of assignments) if (!movedIds.has(a.task.id)) this.release(a.agentId);
    assignments = assignments.filter((a) => movedIds.has(a.task.id));
    return this.enqueue(assignments, delayMs);
  }

  /**
   * Picks an agent for each task by the cluster's strategy (counting it as load at once), the
   * most urgent first so they get the least busy agents; tasks no agent can take now are left out.
   */
  async assign(tasks: readonly DispatchableTask[]): Promise<Assignment[]> {
    const assignments: Assignment[] = [];
    for (const task of [...tasks].sort(byDispatchOrder)) {
      const directory = await this.directory(task.clusterId);
      if (!directory) continue;
      const eligible = directory.agents.filter((a) => matches(a, task) && !task.chain.includes(a.id));
      for (const agent of eligible) agent.load = this.load.get(agent.id) ?? 0;
      const agent = this.routerFor(task.clusterId, directory.strategy).pick(
        eligible,
        { sessionKey: task.sessionKey ?? undefined },
        Math.random,
      );
      if (!agent) continue;
      this.load.set(agent.id, (this.load.get(agent.id) ?? 0) + 1);
      assignments.push({ task, agentId: agent.id });
    }
    return assignments;
  }

  /** Puts assigned tasks (already recorded as QUEUED) on their agents' queues; returns the queued ids. */
  async enqueue(assignments: readonly Assignment[], delayMs = 0): Promise<string[]> {
    const byAgent = new Map<string, Assignment[]>();
    for (const a of assignments) byAgent.set(a.agentId, [...(byAgent.get(a.agentId) ?? []), a]);
    const queued: string[] = [];
    await Promise.all(
      [...byAgent.entries()].map(async ([agentId, list]) => {
        try {
          await this.deps.queues.of(agentId).addBulk(
            await Promise.all(
              list.map(async ({ task }) => ({
                name: task.type,
                data: toJob(task, await this.sessionOf(task, agentId)),
                opts: {
                  jobId: `${task.id}-${task.attempts + 1}`,
                  // BullMQ runs its lower numbers first: bullmqPriorityOf turns our 1–10 scale over.
                  priority: bullmqPriorityOf(task.priority),
                  delay: delayMs || undefined,
                  removeOnComplete: true,
                  removeOnFail: true,
                },
              })),
            ),
          );
          queued.push(...list.map((a) => a.task.id));
        } catch (error) {
          this.deps.log.error({ err: error, agentId }, "could not queue tasks; they stay pending");
          for (const _ of list) this.release(agentId);
          await this.deps.tasks.sendBack(
            { taskIds: list.map((a) => a.task.id) },
            "its agent's queue could not be reached",
            { states: ["QUEUED"], spareRetry: true },
          );
        }
      }),
    );
    return queued;
  }

  private sessionOf(task: DispatchableTask, agentId: string): Promise<JobSession | undefined> {
    const agent = this.clusters.get(task.clusterId)?.directory?.agents.find((a) => a.id === agentId);
    return loadSession(this.deps.db, task, agent);
  }
}

/** A session-keyed task carries its session's turns so far and what its runtime needs of the past. */
async function loadSession(
  db: Database,
  task: DispatchableTask,
  agent: DirectoryAgent | undefined,
): Promise<JobSession | undefined> {
  if (!task.sessionKey) return undefined;
  return jobSessionOf(
    db,
    { clusterId: task.clusterId, sessionKey: task.sessionKey, agentRole: agent?.role ?? "" },
    agent?.sessionNeed ?? { kind: "none" },
  );
}

interface RuntimeSpec {
  type?: string;
  mode?: string;
  session?: { on_move?: string };
  conversation?: { max_messages?: number; max_tokens?: number };
}

function sessionNeedOf(runtime: RuntimeSpec | undefined): SessionNeed {
  if (runtime?.type === "llm") {
    const window = conversationOptionsSchema.safeParse(runtime.conversation ?? {}).data;
    return { kind: "llm", maxMessages: window?.max_messages ?? 0, maxTokens: window?.max_tokens ?? 0 };
  }
  if (runtime?.type === "command" && runtime.mode === "session")
    return { kind: "tool", replay: runtime.session?.on_move === "replay" };
  return { kind: "none" };
}

function matches(agent: DirectoryAgent, task: DispatchableTask): boolean {
  switch (task.targetKind) {
    case "role":
      return agent.role === task.targetValue;
    case "capability":
      return agent.capabilities.includes(task.targetValue ?? "");
    case "agent":
      return agent.id === task.targetValue;
    default:
      return true;
  }
}

function toJob(task: DispatchableTask, session: JobSession | undefined): AgentJob {
  return {
    ...(session ? { session } : {}),
    taskId: task.id,
    clusterId: task.clusterId,
    type: task.type,
    payload: task.payload,
    attempt: task.attempts + 1,
    timeoutMs: task.timeoutMs,
    depth: task.depth,
    rootTaskId: task.rootTaskId ?? task.id,
    chain: task.chain,
    ...(task.traceparent ? { traceparent: task.traceparent } : {}),
  };
}
