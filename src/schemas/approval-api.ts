/** API contracts of approvals: tasks held until a person approves or rejects them. */
import { z } from "zod";
import { approvalStateSchema } from "./approval-state";
import { pagination, uuid } from "./common";
import { taskSchema } from "./task-api";

export const approvalPathStepSchema = z.object({
  taskId: z.string(),
  type: z.string(),
  status: z.string(),
  agentKey: z.string().nullable().describe("the agent that ran it and delegated down"),
  role: z.string().nullable(),
});

export const approvalSchema = z
  .object({
    task: taskSchema,
    clusterName: z.string(),
    approval: approvalStateSchema,
    path: z
      .array(approvalPathStepSchema)
      .describe("the delegating tasks above it, the submitted one first (empty for a submitted task)"),
  })
  .meta({ id: "Approval" });
export type ApprovalDto = z.infer<typeof approvalSchema>;

export const approvalListInput = z.strictObject({
  clusterId: uuid.optional().describe("only this cluster's"),
  ...pagination,
});

export const MAX_APPROVAL_COMMENT = 2000;
const comment = z.string().trim().max(MAX_APPROVAL_COMMENT, `at most ${MAX_APPROVAL_COMMENT} characters`);

export const approveInput = z.strictObject({
  id: uuid.describe("the task"),
  comment: comment.optional().describe("why (optional)"),
});

export const rejectInput = z.strictObject({
  id: uuid.describe("the task"),
  comment: comment.min(1, "say why: a rejection needs a comment").describe("why; the task fails with it"),
});
