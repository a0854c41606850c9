/** API contract of a task's trace: its family (root and every subtask) on one time axis, with every attempt. */
import { z } from "zod";
import { TASK_STATES } from "../domain/tasks/task-states";
import { isoDate } from "./common";

export const TRACE_MAX_TASKS = 500;

export const traceAttemptSchema = z.object({
  taskId: z.string(),
  attempt: z.number().int(),
  agentId: z.string().nullable(),
  outcome: z.enum(["running", "succeeded", "failed", "lost", "cancelled", "waiting"]),
  error: z.string().nullable(),
  startedAt: isoDate.nullable(),
  finishedAt: isoDate.nullable(),
});

export const traceTaskSchema = z.object({
  id: z.string(),
  parentTaskId: z.string().nullable(),
  depth: z.number().int(),
  type: z.string(),
  label: z.string().describe("what it was asked, in one line (cut at 200 characters)"),
  status: z.enum(TASK_STATES),
  agentId: z.string().nullable(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  error: z.string().nullable(),
  createdAt: isoDate,
  startedAt: isoDate.nullable(),
  finishedAt: isoDate.nullable(),
});

export const taskTraceSchema = z
  .object({
    taskId: z.string(),
    rootTaskId: z.string(),
    ancestors: z
      .array(traceTaskSchema)
      .describe("from the root down to the task's parent (empty for a submitted task)"),
    tasks: z.array(traceTaskSchema).describe("the root and its subtasks, oldest first"),
    truncated: z
      .boolean()
      .describe(`true when the family has more than ${TRACE_MAX_TASKS} tasks: the newest are left out`),
    attempts: z.array(traceAttemptSchema).describe("every attempt of every task listed, oldest first"),
    agents: z
      .array(z.object({ id: z.string(), name: z.string(), key: z.string(), removed: z.boolean() }))
      .describe("the agents the tasks and attempts name"),
  })
  .meta({ id: "TaskTrace" });
export type TaskTraceDto = z.infer<typeof taskTraceSchema>;
