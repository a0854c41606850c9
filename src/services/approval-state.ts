/** A task's approval as the API shows it, for the approval queue and the task's own page. */
import type { CoreDeps } from "../core/deps";
import type { TaskApproval } from "../generated/prisma/client";
import { APPROVER_ROLE, type ApprovalStateDto } from "../schemas/approval-state";

export function toApprovalState(row: TaskApproval): ApprovalStateDto {
  return {
    role: row.role,
    approverRole: APPROVER_ROLE,
    timeoutSeconds: row.timeoutSeconds,
    onTimeout: row.onTimeout === "escalate" ? "escalate" : "reject",
    requestedAt: row.requestedAt.toISOString(),
    dueAt: new Date(row.requestedAt.getTime() + row.timeoutSeconds * 1000).toISOString(),
    escalatedAt: row.escalatedAt?.toISOString() ?? null,
    decision:
      row.decision === "approved" || row.decision === "rejected" || row.decision === "timed_out" ? row.decision : null,
    decidedBy: row.decidedBy,
    comment: row.comment,
    decidedAt: row.decidedAt?.toISOString() ?? null,
  };
}

/** The task's approval, or null when it was never held. */
export async function approvalStateOf(deps: Pick<CoreDeps, "db">, taskId: string): Promise<ApprovalStateDto | null> {
  const row = await deps.db.taskApproval.findUnique({ where: { taskId } });
  return row ? toApprovalState(row) : null;
}
