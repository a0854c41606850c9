import { approvalListInput, approvalSchema, approveInput, rejectInput } from "../../schemas/approval-api";
import { page } from "../../schemas/common";
import { taskSchema } from "../../schemas/task-api";
import { approveTask, listApprovals, rejectTask } from "../../services/approvals";
import { operatorProcedure, router, viewerProcedure } from "../trpc";

const tags = ["approvals"];
const stillWaiting = { 409: "The task no longer waits for approval: it was decided, timed out or cancelled." };

export const approvalsRouter = router({
  list: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/approvals",
        tags,
        summary: "Tasks waiting for approval, newest first",
        description:
          "Tasks whose role requires approval and that no one has decided yet, with their cluster, their payload, the delegating tasks above them, the role that may decide (OPERATOR, or a higher one) and when their timeout passes.",
      },
    })
    .input(approvalListInput)
    .output(page(approvalSchema))
    .query(({ ctx, input }) => listApprovals(ctx, input)),

  approve: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/tasks/{id}/approve",
        tags,
        summary: "Approve a task that waits for approval",
        description:
          "The task goes to routing like a newly submitted one (PENDING until an agent can take it). The comment is optional.",
        errorResponses: stillWaiting,
      },
    })
    .input(approveInput)
    .output(taskSchema)
    .mutation(({ ctx, input }) => approveTask(ctx, input.id, ctx.actor.name, input.comment || null)),

  reject: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/tasks/{id}/reject",
        tags,
        summary: "Reject a task that waits for approval",
        description:
          'The task fails for good with the reason "rejected by <who>: <comment>" (a dead letter records it), and a delegating parent sees its subtask fail. The comment is required.',
        errorResponses: stillWaiting,
      },
    })
    .input(rejectInput)
    .output(taskSchema)
    .mutation(({ ctx, input }) => rejectTask(ctx, input.id, ctx.actor.name, input.comment)),
});
