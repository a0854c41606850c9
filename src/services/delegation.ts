/**
 * Records a subtask an agent asked for and routes it to the named subordinate, after the
 * guards: the parent must still be open, the depth and the root's budget of subtasks must
 * not be exceeded, the target must report to the delegating agent, and never be an agent
 * already up the chain. A violated guard records the subtask as FAILED with the reason, and
 * the delegating agent learns it at once.
 */
import type { CoreDeps } from "../core/deps";
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
  const rootTaskId = parent.rootTaskId ?? parent.id;
  const chain = [...parent.chain, request.from_agent_id];
  const depth = parent.depth + 1;
  // Counted atomically in Redis: delegations of one root arrive in parallel.
  const budgetKey = keys.delegationBudget(rootTaskId);
  const [[, budgetUsed]] = (await deps.redis.multi().incr(budgetKey).expire(budgetKey, 86_400).exec()) as [
    [null, number],
    unknown,
  ];

  const reason =
    parent.status === "SUCCEEDED" || parent.status === "FAILED" || parent.status === "CANCELLED"
      ? `the parent task is already ${parent.status}`
      : parent.agentId !== request.from_agent_id
        ? "only the agent holding the parent task may delegate it"
        : depth > settings.DELEGATION_MAX_DEPTH
          ? `delegation deeper than ${settings.DELEGATION_MAX_DEPTH} levels (MYZEL_DELEGATION_MAX_DEPTH)`
          : budgetUsed > settings.DELEGATION_BUDGET
            ? `the root task's budget of ${settings.DELEGATION_BUDGET} subtasks is spent (MYZEL_DELEGATION_BUDGET)`
            : !target
              ? `agent ${request.target_agent_id ?? "(none)"} is not an active agent of this cluster`
              : chain.includes(target.id)
                ? "the target already delegated this work (a cycle)"
                : target.reportsToId !== request.from_agent_id
                  ? `${target.agentKey} does not report to the delegating agent`
                  : undefined;

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
