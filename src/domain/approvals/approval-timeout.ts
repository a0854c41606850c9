/**
 * What the leader does with a task that still waits for approval: nothing yet, reject it
 * (its timeout has passed and its role says reject), or escalate it once (raise a notice and
 * keep it waiting).
 */
import type { ApprovalTimeoutAction } from "../../schemas/blueprint-approval";

export interface WaitingApproval {
  requestedAt: Date;
  timeoutSeconds: number;
  onTimeout: ApprovalTimeoutAction;
  /** Set once it was escalated: an escalated task is not escalated again. */
  escalatedAt: Date | null;
}

export type TimeoutDecision = "wait" | "reject" | "escalate";

export function timeoutDecision(approval: WaitingApproval, now: Date): TimeoutDecision {
  const due = approval.requestedAt.getTime() + approval.timeoutSeconds * 1000;
  if (now.getTime() < due) return "wait";
  if (approval.onTimeout === "reject") return "reject";
  return approval.escalatedAt ? "wait" : "escalate";
}

/** The reason a rejected task fails with. */
export const rejectionReason = (by: string, comment: string) => `rejected by ${by}: ${comment}`;

/** The reason a task whose approval never came fails with. */
export const timeoutReason = (timeoutSeconds: number) => `approval timed out after ${timeoutSeconds}s`;
