/**
 * Records a subtask an agent asked for and routes it to the named subordinate, after the
 * guards of domain/tasks/delegation-guard. A violated guard records the subtask as FAILED
 * with the reason, and the delegating agent learns it at once.
 */
import type { CoreDeps } from "../core/deps";
import { delegationLineage, delegationRefusal } from "../domain/tasks/delegation-guard";
import { keys } from "../infra/keys";
import type { DelegateRequest } from "../schemas/agent-protocol";

export async function acceptDelegation(
  deps: CoreDeps,
  request: DelegateRequest,
): Promise<{ taskId: string; status: string; reason?: string }> {
  const { db, settings } = deps;
  const existing = await db.task.findUnique({ where: { id: request.subtask_id }, select: { id: true, status: true } });
  if (existing) return { taskId: existing.id, status: existing.status }; // a redelivered job
  const parent = await db.task.findUnique({ where: { id: request.parent_task_id } });
  if (!parent) throw new Error(`parent task ${request.parent_task_id} does not exist`);
  const target = request.target_agent_id
    ? await db.clusterAgent.findFirst({
        where: { id: request.target_agent_id, clusterId: parent.clusterId, removedAt: null },
      })
    : null;
  const { rootTaskId, chain, depth } = delegationLineage(parent, request.from_agent_id);
  // Counted atomically in Redis: delegations of one root arrive in parallel.
  const budgetKey = keys.delegationBudget(rootTaskId);
  const [[, budgetUsed]] = (await deps.redis.multi().incr(budgetKey).expire(budgetKey, 86_400).exec()) as [
    [null, number],
    unknown,
  ];
  const reason = delegationRefusal({
    parent,
    fromAgentId: request.from_agent_id,
    target,
    targetAgentId: request.target_agent_id,
    budgetUsed,
    limits: { maxDepth: settings.DELEGATION_MAX_DEPTH, budget: settings.DELEGATION_BUDGET },
  });

  const task = {
    id: request.subtask_id,
    clusterId: parent.clusterId,
    parentTaskId: parent.id,
    rootTaskId,
    depth,
    chain,
    targetKind: "agent",
    targetValue: target?.id ?? request.target_agent_id ?? null,
    type: request.task.type,
    payload: request.task.payload ?? null,
    sessionKey: null,
    source: "delegation",
    timeoutMs: parent.timeoutMs,
    maxAttempts: parent.maxAttempts,
    agentId: null,
  };
  await deps.tasks.insert([task]);
  if (reason) {
    await deps.tasks.fail([task.id], `delegation refused: ${reason}`);
    return { taskId: task.id, status: "FAILED", reason };
  }
  await deps.dispatcher.dispatch([{ ...task, attempts: 0 }]);
  // A page following the root task sees the work go down the tree as it happens.
  await deps.events.publish({
    type: "tasks.submitted",
    clusterId: task.clusterId,
    at: new Date().toISOString(),
    taskIds: [task.id],
    rootTaskId,
  });
  return { taskId: task.id, status: "QUEUED" };
}
