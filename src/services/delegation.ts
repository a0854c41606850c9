/**
 * Records a subtask an agent asked for and routes it to the named subordinate, after the
 * guards of domain/tasks/delegation-guard. A violated guard records the subtask as FAILED
 * with the reason, and the delegating agent learns it at once.
 */
import type { CoreDeps } from "../core/deps";
import { approvalFor } from "../domain/approvals/approval-policy";
import { delegationLineage, delegationRefusal } from "../domain/tasks/delegation-guard";
import { inheritedPriority } from "../domain/tasks/task-priority";
import { keys } from "../infra/keys";
import { inSpan, SpanKind, traceparentOf } from "../infra/tracing";
import type { DelegateRequest } from "../schemas/agent-protocol";
import { blueprintOf } from "./blueprints";

export function acceptDelegation(
  deps: CoreDeps,
  request: DelegateRequest,
): Promise<{ taskId: string; status: string; reason?: string }> {
  // A child of the delegating agent's run (another process): the subtask's run is a child of this.
  return inSpan(
    "task.delegate",
    {
      parent: request.traceparent ?? null,
      kind: SpanKind.CONSUMER,
      attributes: {
        "myzel.task.id": request.subtaskId,
        "myzel.task.parent_id": request.parentTaskId,
        "myzel.cluster.id": request.clusterId,
      },
    },
    async (span) => {
      const accepted = await recordSubtask(deps, request, traceparentOf(span) ?? null);
      span.setAttribute("myzel.task.status", accepted.status);
      return accepted;
    },
  );
}

async function recordSubtask(
  deps: CoreDeps,
  request: DelegateRequest,
  traceparent: string | null,
): Promise<{ taskId: string; status: string; reason?: string }> {
  const { db, settings } = deps;
  const existing = await db.task.findUnique({ where: { id: request.subtaskId }, select: { id: true, status: true } });
  if (existing) return { taskId: existing.id, status: existing.status }; // a redelivered job
  const parent = await db.task.findUnique({ where: { id: request.parentTaskId } });
  if (!parent) throw new Error(`parent task ${request.parentTaskId} does not exist`);
  const target = request.targetAgentId
    ? await db.clusterAgent.findFirst({
        where: { id: request.targetAgentId, clusterId: parent.clusterId, removedAt: null },
      })
    : null;
  const { rootTaskId, chain, depth } = delegationLineage(parent, request.fromAgentId);
  // Counted atomically in Redis: delegations of one root arrive in parallel.
  const budgetKey = keys.delegationBudget(rootTaskId);
  const [[, budgetUsed]] = (await deps.redis.multi().incr(budgetKey).expire(budgetKey, 86_400).exec()) as [
    [null, number],
    unknown,
  ];
  const reason = delegationRefusal({
    parent,
    fromAgentId: request.fromAgentId,
    target,
    targetAgentId: request.targetAgentId,
    budgetUsed,
    limits: { maxDepth: settings.DELEGATION_MAX_DEPTH, budget: settings.DELEGATION_BUDGET },
  });

  const task = {
    id: request.subtaskId,
    clusterId: parent.clusterId,
    parentTaskId: parent.id,
    rootTaskId,
    depth,
    chain,
    targetKind: "agent",
    targetValue: target?.id ?? request.targetAgentId ?? null,
    type: request.task.type,
    payload: request.task.payload ?? null,
    sessionKey: null,
    source: "delegation",
    timeoutMs: parent.timeoutMs,
    maxAttempts: parent.maxAttempts,
    priority: inheritedPriority(request.task.priority, parent),
    agentId: null,
    traceparent,
  };
  const approval = reason || !target ? null : await approvalOfAgent(deps, parent.clusterId, target.role);
  await deps.tasks.insert([{ ...task, approval }]);
  if (reason) {
    await deps.tasks.fail([task.id], `delegation refused: ${reason}`);
    return { taskId: task.id, status: "FAILED", reason };
  }
  // Held for approval: the delegating agent waits for it as for any subtask (until its own deadline).
  if (!approval) await deps.dispatcher.dispatch([{ ...task, attempts: 0 }]);
  // A page following the root task sees the work go down the tree as it happens.
  await deps.events.publish({
    type: "tasks.submitted",
    clusterId: task.clusterId,
    at: new Date().toISOString(),
    taskIds: [task.id],
    rootTaskId,
  });
  return { taskId: task.id, status: approval ? "AWAITING_APPROVAL" : "QUEUED" };
}

/** The policy a subtask for an agent of `role` waits under, from the blueprint its cluster runs. */
async function approvalOfAgent(deps: CoreDeps, clusterId: string, role: string) {
  const cluster = await deps.db.cluster.findUnique({ where: { id: clusterId }, include: { blueprint: true } });
  return cluster ? approvalFor(blueprintOf(cluster.blueprint).agents, { kind: "agent", value: role }) : null;
}
