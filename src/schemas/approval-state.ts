/** A task's approval as the API shows it; apart from approval-api so the task contracts can hold it. */
import { z } from "zod";
import { APPROVAL_TIMEOUT_ACTIONS } from "./blueprint-approval";
import { isoDate } from "./common";

export const APPROVAL_DECISIONS = ["approved", "rejected", "timed_out"] as const;
export type ApprovalDecisionName = (typeof APPROVAL_DECISIONS)[number];
/** What an `approvals` event says happened: a task was held, decided, or escalated past its timeout. */
export const APPROVAL_CHANGES = ["requested", ...APPROVAL_DECISIONS, "escalated"] as const;

/** Who may decide: operators, and admins (whose role includes it). */
export const APPROVER_ROLE = "OPERATOR" as const;

export const approvalStateSchema = z
  .object({
    role: z.string().describe("the role whose policy holds the task"),
    approverRole: z.literal(APPROVER_ROLE).describe("who may decide: this role or a higher one"),
    timeoutSeconds: z.number().int(),
    onTimeout: z.enum(APPROVAL_TIMEOUT_ACTIONS),
    requestedAt: isoDate,
    dueAt: isoDate.describe("when its timeout passes: then it is rejected, or escalated once"),
    escalatedAt: isoDate.nullable().describe("when the notice that it waits past its timeout was raised"),
    decision: z.enum(APPROVAL_DECISIONS).nullable().describe("null while it waits"),
    decidedBy: z.string().nullable(),
    comment: z.string().nullable(),
    decidedAt: isoDate.nullable(),
  })
  .meta({ id: "ApprovalState" });
export type ApprovalStateDto = z.infer<typeof approvalStateSchema>;
