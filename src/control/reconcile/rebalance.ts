/**
 * When agents join a running cluster (it scaled up), the tasks already waiting on the queues
 * of the agents that were there are spread again, so the newcomers work off the backlog
 * instead of idling beside it. Only jobs nobody holds yet are moved (BullMQ removes a job
 * only while it waits), only tasks addressed to a role or to anyone and without a session
 * (sticky work stays where it is), and each moved task goes back to routing without losing
 * one of its retries to the move.
 */

import type { AgentQueues } from "../../core/tasks/agent-queues";
import type { Dispatcher } from "../../core/tasks/dispatcher";
import type { TaskStore } from "../../core/tasks/task-store";
import type { Database } from "../../infra/database/client";
import type { Logger } from "../../infra/logger";

interface Deps {
  db: Database;
  tasks: TaskStore;
  queues: AgentQueues;
  dispatcher: Dispatcher;
  log: Logger;
}

interface Waiting {
  id: string;
  agent_id: string;
  attempts: number;
  role: string;
}

export async function rebalanceBacklog(deps: Deps, clusterId: string): Promise<number> {
  const { db } = deps;
  const [waiting, agents] = await Promise.all([
    db.$queryRaw<Waiting[]>`
      SELECT t.id, t.agent_id, t.attempts, a.role
      FROM tasks t JOIN cluster_agents a ON a.id = t.agent_id
      WHERE t.cluster_id = ${clusterId}::uuid AND t.status = 'QUEUED' AND t.target_kind IN ('role', 'any') AND t.session_key IS NULL
      ORDER BY t.created_at DESC`,
    db.clusterAgent.findMany({
      where: { clusterId, removedAt: null, status: { in: ["IDLE", "BUSY"] } },
      select: { id: true, role: true },
    }),
  ]);
  const excess = surplus(waiting, agents);
  if (!excess.length) return 0;
  const moved: Waiting[] = [];
  for (const task of excess) {
    if (await takeWaitingJob(deps.queues, task.agent_id, `${task.id}-${task.attempts}`)) {
      deps.dispatcher.release(task.agent_id);
      moved.push(task);
    }
  }
  if (!moved.length) return 0;
  // The next routing counts a new attempt; the move must not cost the task one of its retries.
  const count = await deps.tasks.sendBack({ taskIds: moved.map((t) => t.id) }, "moved to a new agent of its role", {
    states: ["QUEUED"],
    spareRetry: true,
  });
  deps.log.info({ cluster: clusterId, tasks: count }, "spread the waiting backlog over the cluster's new agents");
  return count;
}

/**
 * Removes a job only while it waits: a job that is running, delayed (a retry's backoff) or
 * already gone (finished, its report still on the way) stays where it is.
 */
async function takeWaitingJob(queues: AgentQueues, agentId: string, jobId: string): Promise<boolean> {
  try {
    const job = await queues.of(agentId).getJob(jobId);
    if (!job || !["waiting", "prioritized"].includes(await job.getState())) return false;
    return (await queues.of(agentId).remove(jobId)) === 1;
  } catch {
    return false;
  }
}

/** The newest tasks beyond each agent's fair share of its role's backlog. */
export function surplus<T extends { agent_id: string; role: string }>(
  waiting: readonly T[],
  agents: ReadonlyArray<{ id: string; role: string }>,
): T[] {
  const taken: T[] = [];
  for (const role of new Set(waiting.map((t) => t.role))) {
    const ofRole = waiting.filter((t) => t.role === role);
    const peers = agents.filter((a) => a.role === role).length;
    if (peers < 2) continue;
    const fair = Math.ceil(ofRole.length / peers);
    const byAgent = new Map<string, T[]>();
    for (const task of ofRole) byAgent.set(task.agent_id, [...(byAgent.get(task.agent_id) ?? []), task]);
    for (const tasks of byAgent.values()) taken.push(...tasks.slice(0, Math.max(0, tasks.length - fair)));
  }
  return taken;
}
