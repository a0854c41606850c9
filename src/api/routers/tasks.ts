import { z } from "zod";
import { idInput, page } from "../../schemas/common";
import {
  deadLetterListInput,
  deadLetterSchema,
  taskCountsInput,
  taskCountsSchema,
  taskDetailSchema,
  taskListInput,
  taskSchema,
  taskSubmitInput,
  taskSubmitManyInput,
  taskWaitInput,
  taskWaitResult,
} from "../../schemas/task-api";
import { TRACE_MAX_TASKS, taskTraceSchema } from "../../schemas/task-trace-api";
import { listDeadLetters, replayDeadLetter } from "../../services/dead-letters";
import { taskTrace } from "../../services/task-trace";
import {
  cancelTask,
  countTasks,
  getTask,
  getTaskDetail,
  listTasks,
  submitTasks,
  waitForTask,
} from "../../services/tasks";
import { operatorProcedure, router, viewerProcedure } from "../trpc";

const tags = ["tasks"];

export const tasksRouter = router({
  submit: operatorProcedure
    .meta({
      created: { location: "/api/tasks/{id}" },
      idempotent: true,
      openapi: {
        method: "POST",
        path: "/api/clusters/{id}/tasks",
        tags,
        summary: "Submit a task to a cluster (to a role, a capability, an agent, or any agent)",
        description:
          "Routes the task to one agent by the cluster's strategy (to a role, a capability, an agent, or any agent) and answers with the task. With `waitMs`, the answer comes when the task has finished or after that long. A hibernated cluster wakes up. Not idempotent: each call is a new task.",
        errorResponses: {
          409: "The cluster is deleted or being deleted: it takes no tasks.",
          422: "No agent of the cluster has the role or capability asked for, or the agent named is not an active agent of this cluster.",
        },
      },
    })
    .input(taskSubmitInput)
    .output(taskSchema)
    .mutation(async ({ ctx, input }) => {
      const { id, waitMs, ...spec } = input;
      const [taskId] = await submitTasks(ctx, id, [spec], ctx.origin === "rest" ? "rest" : "api");
      return waitMs ? waitForTask(ctx, taskId!, waitMs) : getTask(ctx, taskId!);
    }),

  submitMany: operatorProcedure
    .meta({
      created: {},
      idempotent: true,
      openapi: {
        method: "POST",
        path: "/api/clusters/{id}/tasks/batch",
        tags,
        summary: "Submit up to 1,000 tasks at once",
        description:
          "Submits up to 1,000 tasks in one call, each routed like a single submission. All or nothing: if one is refused, none is submitted. A hibernated cluster wakes up. The answer lists the new tasks' ids in order.",
        errorResponses: {
          409: "The cluster is deleted or being deleted: it takes no tasks.",
          422: "One of the tasks names a role, capability or agent the cluster does not have (`issues` says which).",
        },
      },
    })
    .input(taskSubmitManyInput)
    .output(z.object({ taskIds: z.array(z.string()) }))
    .mutation(async ({ ctx, input }) => ({
      taskIds: await submitTasks(ctx, input.id, input.tasks, ctx.origin === "rest" ? "rest" : "api"),
    })),

  get: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/tasks/{id}",
        tags,
        summary: "A task: target, routing, attempts, timings, result or error",
        description:
          "A task with where it was sent and why, every attempt with its agent, its timings and its result or error.",
      },
    })
    .input(idInput)
    .output(taskDetailSchema)
    .query(({ ctx, input }) => getTaskDetail(ctx, input.id)),

  trace: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/tasks/{id}/trace",
        tags,
        summary: "A task's trace: its root, every subtask and every attempt",
        description: `The family the task belongs to (its root and every subtask delegated under it, up to ${TRACE_MAX_TASKS}), oldest first, with every attempt of each (agent, start, end, outcome, error), the chain from the root down to the task, and the agents they name: what a waterfall of the work is drawn from.`,
      },
    })
    .input(idInput)
    .output(taskTraceSchema)
    .query(({ ctx, input }) => taskTrace(ctx, input.id)),

  counts: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/task-counts",
        tags,
        summary: "How many tasks are in each status",
        description:
          "The number of tasks in each status, of one cluster or of all; with `rootsOnly` only the submitted tasks, not the subtasks delegated from them.",
      },
    })
    .input(taskCountsInput)
    .output(taskCountsSchema)
    .query(({ ctx, input }) => countTasks(ctx, input)),

  list: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/tasks",
        tags,
        summary: "Tasks, newest first (filters and pagination)",
        description:
          "Tasks, newest first, filtered (cluster, status, text in the task, only submitted tasks…) and paged newest first with `limit` and `cursor` (the `nextCursor` of the page before; also in the `Link` header).",
      },
    })
    .input(taskListInput)
    .output(page(taskSchema))
    .query(({ ctx, input }) => listTasks(ctx, input)),

  wait: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/tasks/{id}/wait",
        tags,
        summary: "Wait for a task's result (up to timeoutMs, at most 60 s)",
        description:
          "Answers when the task has finished, or after `timeoutMs` (at most 60 s) with the task as it is then: compare its status to tell which.",
      },
    })
    .input(taskWaitInput)
    .output(taskWaitResult)
    .query(({ ctx, input }) => waitForTask(ctx, input.id, input.timeoutMs)),

  cancel: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/tasks/{id}/cancel",
        tags,
        summary: "Cancel a task that has not finished",
        description:
          "Cancels a task that is queued or running; an agent running it is told to stop. The answer is the task, now CANCELLED.",
        errorResponses: { 409: "The task has already finished." },
      },
    })
    .input(idInput)
    .output(taskSchema)
    .mutation(({ ctx, input }) => cancelTask(ctx, input.id)),
});

export const deadLettersRouter = router({
  list: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/dead-letters",
        tags: ["dead letters"],
        summary: "Tasks that failed for good and control tasks that were rejected, with the reason",
        description:
          "A task's dead letter holds the final reason and, in data.attempts, every failed attempt with its agent and error.",
      },
    })
    .input(deadLetterListInput)
    .output(page(deadLetterSchema))
    .query(({ ctx, input }) => listDeadLetters(ctx, input)),

  replay: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/dead-letters/{id}/replay",
        tags: ["dead letters"],
        summary: "Run dead work again",
        description:
          "A task is submitted anew as it was first submitted (the answer names the new task); a control task runs again. A letter is replayed once: a second replay is a 409.",
        errorResponses: {
          409: "The dead letter was already replayed.",
          422: "The dead letter names no cluster, or its work is refused again (the cluster takes no tasks).",
        },
      },
    })
    .input(idInput)
    .output(z.object({ deadLetter: deadLetterSchema, result: z.unknown() }))
    .mutation(({ ctx, input }) => replayDeadLetter(ctx, input.id)),
});
