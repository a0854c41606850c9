/**
 * The task store's moves of held tasks, apart so the store stays readable: recording the
 * policy a task is held under, releasing an approved task to routing (AWAITING_APPROVAL →
 * PENDING) and failing a rejected or timed-out one (AWAITING_APPROVAL → FAILED). Each moves
 * only a task that still waits (moves task-states allows), and writes the decision in the same statement, so two people
 * deciding at once, or a person and the timeout, leave exactly one decision.
 */
import type { ApprovalPolicy } from "../../domain/approvals/approval-policy";
import type { Prisma } from "../../generated/prisma/client";
import type { ApprovalDecisionName } from "../../schemas/approval-state";
import type { TaskRequest } from "./task-records";
import { jsonParam } from "./task-sql";

type Sql = Pick<Prisma.TransactionClient, "$executeRaw" | "$queryRaw">;

export interface Decision {
  decision: ApprovalDecisionName;
  /** Who decided: a person's or token's name, or "myzel" for the timeout. */
  by: string;
  comment: string | null;
}

export async function recordApprovals(
  sql: Sql,
  held: ReadonlyArray<{ taskId: string; clusterId: string; policy: ApprovalPolicy }>,
): Promise<void> {
  if (!held.length) return;
  const rows = held.map((h) => ({
    task_id: h.taskId,
    cluster_id: h.clusterId,
    role: h.policy.role,
    timeout_seconds: h.policy.timeoutSeconds,
    on_timeout: h.policy.onTimeout,
  }));
  await sql.$executeRaw`
    INSERT INTO task_approvals (task_id, cluster_id, role, timeout_seconds, on_timeout, requested_at)
    SELECT x.task_id, x.cluster_id, x.role, x.timeout_seconds, x.on_timeout, now()
    FROM jsonb_to_recordset(${jsonParam(rows)}::jsonb)
      AS x(task_id uuid, cluster_id uuid, role text, timeout_seconds int, on_timeout text)`;
}

/** An approved task, as routing takes it again. */
export interface ReleasedTask extends TaskRequest {
  attempts: number;
  depth: number;
  rootTaskId: string | null;
  chain: string[];
  traceparent: string | null;
  createdAt: Date;
}

/** Approved: back to routing as PENDING. Null when the task no longer waits. */
export async function releaseApproved(sql: Sql, taskId: string, decision: Decision): Promise<ReleasedTask | null> {
  const [row] = await sql.$queryRaw<ReleasedTask[]>`
    WITH moved AS (
      UPDATE tasks SET status = 'PENDING' WHERE id = ${taskId}::uuid AND status = 'AWAITING_APPROVAL'
      RETURNING id, cluster_id, target_kind, target_value, type, payload, session_key, timeout_ms, attempts, depth, root_task_id, chain, traceparent, priority, created_at
    ), decided AS (
      UPDATE task_approvals SET decision = ${decision.decision}, decided_by = ${decision.by}, comment = ${decision.comment}, decided_at = now()
      WHERE task_id IN (SELECT id FROM moved)
    )
    SELECT id, cluster_id AS "clusterId", target_kind AS "targetKind", target_value AS "targetValue", type, payload,
      session_key AS "sessionKey", timeout_ms AS "timeoutMs", attempts, depth, root_task_id AS "rootTaskId",
      chain::text[] AS chain, traceparent, priority, created_at AS "createdAt"
    FROM moved`;
  return row ?? null;
}

/** Rejected or timed out: FAILED with `reason`. Returns the tasks moved (those that still waited). */
export function failRejected(
  sql: Sql,
  taskIds: readonly string[],
  reason: string,
  decision: Decision,
): Promise<Array<{ id: string; cluster_id: string; parent_task_id: string | null; agent_id: string | null }>> {
  return sql.$queryRaw`
    WITH moved AS (
      UPDATE tasks SET status = 'FAILED', error = ${reason}, finished_at = now()
      WHERE id = ANY(${[...taskIds]}::uuid[]) AND status = 'AWAITING_APPROVAL'
      RETURNING id, cluster_id, parent_task_id, agent_id
    ), decided AS (
      UPDATE task_approvals SET decision = ${decision.decision}, decided_by = ${decision.by}, comment = ${decision.comment}, decided_at = now()
      WHERE task_id IN (SELECT id FROM moved)
    )
    SELECT id, cluster_id, parent_task_id, agent_id FROM moved`;
}
