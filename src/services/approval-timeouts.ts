/**
 * The leader's pass over tasks that wait for approval past their timeout: those whose role
 * says reject fail with "approval timed out after Ns"; those whose role says escalate raise an
 * alert and a live notice once, and keep waiting for a person. Decisions are audited under
 * the name "myzel", as no person made them. Held subtasks whose delegating run is over are cancelled.
 */
import type { CoreDeps } from "../core/deps";
import { overdueApprovalAlert } from "../domain/alerts/alert-rules";
import { timeoutDecision, timeoutReason } from "../domain/approvals/approval-timeout";
import { recordAudit } from "./audit-log";

type Deps = Pick<CoreDeps, "db" | "tasks" | "events" | "alerts" | "log">;

/** The name timeouts are decided and audited under. */
export const SYSTEM_DECIDER = "myzel";
/** Enough for one pass; more overdue tasks are taken by the next. */
const PASS_LIMIT = 500;

export async function settleOverdueApprovals(
  deps: Deps,
  now = new Date(),
): Promise<{ rejected: number; escalated: number; orphaned: number }> {
  const overdue = await deps.db.$queryRaw<
    Array<{
      taskId: string;
      clusterId: string;
      role: string;
      timeoutSeconds: number;
      onTimeout: string;
      requestedAt: Date;
      escalatedAt: Date | null;
    }>
  >`
    SELECT a.task_id AS "taskId", a.cluster_id AS "clusterId", a.role, a.timeout_seconds AS "timeoutSeconds",
      a.on_timeout AS "onTimeout", a.requested_at AS "requestedAt", a.escalated_at AS "escalatedAt"
    FROM task_approvals a JOIN tasks t ON t.id = a.task_id
    WHERE t.status = 'AWAITING_APPROVAL' AND a.decided_at IS NULL AND a.escalated_at IS NULL
      AND a.requested_at + a.timeout_seconds * interval '1 second' <= ${now}
    ORDER BY a.requested_at LIMIT ${PASS_LIMIT}`;
  let rejected = 0;
  let escalated = 0;
  for (const row of overdue) {
    const decision = timeoutDecision({ ...row, onTimeout: row.onTimeout === "escalate" ? "escalate" : "reject" }, now);
    if (decision === "reject") rejected += await reject(deps, row);
    if (decision === "escalate") escalated += await escalate(deps, row, now);
  }
  return { rejected, escalated, orphaned: await cancelOrphans(deps) };
}

/**
 * A held subtask whose delegating run is over waits for nobody: its parent finished, or a later
 * attempt of the parent started (and delegates its own subtasks). It is cancelled, so no one
 * approves work whose result nobody would read.
 */
async function cancelOrphans(deps: Deps): Promise<number> {
  const orphans = await deps.db.$queryRaw<Array<{ id: string; parentStatus: string }>>`
    SELECT c.id, p.status::text AS "parentStatus"
    FROM tasks c JOIN tasks p ON p.id = c.parent_task_id
    WHERE c.status = 'AWAITING_APPROVAL'
      AND (p.status IN ('SUCCEEDED', 'FAILED', 'CANCELLED') OR p.started_at > c.created_at)
    LIMIT ${PASS_LIMIT}`;
  let cancelled = 0;
  for (const reason of new Set(orphans.map(orphanReason))) {
    const ids = orphans.filter((o) => orphanReason(o) === reason).map((o) => o.id);
    cancelled += (await deps.tasks.cancel({ taskIds: ids }, reason)).length;
  }
  return cancelled;
}

const orphanReason = (orphan: { parentStatus: string }) =>
  ["SUCCEEDED", "FAILED", "CANCELLED"].includes(orphan.parentStatus)
    ? `its parent task ended (${orphan.parentStatus}) before it was approved`
    : "its parent task was tried again before it was approved";

async function reject(deps: Deps, row: { taskId: string; timeoutSeconds: number }): Promise<number> {
  const [moved] = await deps.tasks.reject([row.taskId], timeoutReason(row.timeoutSeconds), {
    decision: "timed_out",
    by: SYSTEM_DECIDER,
    comment: null,
  });
  if (moved) await audit(deps, "approvals.timedOut", row.taskId);
  return moved ? 1 : 0;
}

async function escalate(
  deps: Deps,
  row: { taskId: string; clusterId: string; role: string; timeoutSeconds: number },
  now: Date,
): Promise<number> {
  // Marked first, only where not marked yet: one escalation per task, whichever leader ran the pass.
  const marked = await deps.db.taskApproval.updateMany({
    where: { taskId: row.taskId, escalatedAt: null, decidedAt: null },
    data: { escalatedAt: now },
  });
  if (!marked.count) return 0;
  await deps.events.publish({
    type: "approvals",
    clusterId: row.clusterId,
    at: now.toISOString(),
    change: "escalated",
    taskIds: [row.taskId],
    by: SYSTEM_DECIDER,
    comment: `waiting for approval for more than ${row.timeoutSeconds}s`,
  });
  await deps.alerts
    .record(overdueApprovalAlert({ id: row.taskId, ...row }, now))
    .catch((error) => deps.log.warn({ err: error, task: row.taskId }, "could not record an approval alert"));
  await audit(deps, "approvals.escalated", row.taskId);
  return 1;
}

function audit(deps: Deps, action: string, taskId: string): Promise<void> {
  return recordAudit(deps.db, {
    actor: null,
    system: SYSTEM_DECIDER,
    action,
    target: taskId,
    ip: null,
    userAgent: null,
    outcome: "ok",
  }).catch((error) => deps.log.warn({ err: error, task: taskId }, "could not audit an approval timeout"));
}
