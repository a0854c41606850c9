import { z } from "zod";
import { idInput, page } from "../../schemas/common";
import {
  deadLetterListInput,
  deadLetterSchema,
  taskListInput,
  taskSchema,
  taskSubmitInput,
  taskSubmitManyInput,
  taskWaitInput,
} from "../../schemas/task-api";
import { listDeadLetters, replayDeadLetter } from "../../services/dead-letters";
import { cancelTask, getTask, listTasks, submitTasks, waitForTask } from "../../services/tasks";
import { operatorProcedure, router, viewerProcedure } from "../trpc";

const tags = ["tasks"];

export const tasksRouter = router({
  submit: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/clusters/{id}/tasks",
        tags,
        summary: "Submit a task to a cluster (to a role, a capability, an agent, or any agent)",
        description: "With `waitMs`, the answer comes when the task has finished or after that long.",
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
      openapi: {
        method: "POST",
        path: "/api/clusters/{id}/tasks/batch",
        tags,
        summary: "Submit up to 1,000 tasks at once",
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
      },
    })
    .input(idInput)
    .output(taskSchema)
    .query(({ ctx, input }) => getTask(ctx, input.id)),

  list: viewerProcedure
    .meta({
      openapi: { method: "GET", path: "/api/tasks", tags, summary: "Tasks, newest first (filters and pagination)" },
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
      },
    })
    .input(taskWaitInput)
    .output(taskSchema)
    .query(({ ctx, input }) => waitForTask(ctx, input.id, input.timeoutMs)),

  cancel: operatorProcedure
    .meta({
      openapi: { method: "POST", path: "/api/tasks/{id}/cancel", tags, summary: "Cancel a task that has not finished" },
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
      },
    })
    .input(idInput)
    .output(z.object({ deadLetter: deadLetterSchema, result: z.unknown() }))
    .mutation(({ ctx, input }) => replayDeadLetter(ctx, input.id)),
});
