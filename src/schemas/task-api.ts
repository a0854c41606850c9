/** API contracts of tasks and dead letters. */
import { z } from "zod";
import { DEFAULT_TASK_PRIORITY, TASK_PRIORITY_MAX, TASK_PRIORITY_MIN } from "../domain/tasks/task-priority";
import { FINISHED_TASK_STATES, TASK_STATES } from "../domain/tasks/task-states";
import { approvalStateSchema } from "./approval-state";
import { isoDate, pagination, uuid } from "./common";

/** The states of domain/tasks/task-states, where their moves are defined. */
export const TASK_STATUSES = TASK_STATES;
export const FINISHED_TASK_STATUSES = FINISHED_TASK_STATES;

/** A task's priority: an integer from 1 to 10, 10 the most urgent. */
export const taskPriority = z
  .number()
  .int()
  .min(TASK_PRIORITY_MIN)
  .max(TASK_PRIORITY_MAX)
  .describe(
    `1 to 10, 10 the most urgent (default ${DEFAULT_TASK_PRIORITY}): waiting tasks go to agents most urgent first, then oldest first`,
  );

/** One task as submitted; a task goes to a role, a capability, a specific agent, or any agent. */
export const taskFields = {
  role: z.string().min(1).max(100).optional().describe("send to an agent of this role"),
  capability: z.string().min(1).max(100).optional().describe("send to an agent with this capability"),
  agentId: uuid.optional().describe("send to this agent"),
  type: z.string().min(1).max(100).default("task"),
  payload: z.unknown().default(null).describe("any JSON; a string or { prompt } is what tools and models are asked"),
  sessionKey: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe("tasks with the same key go to the same agent (sticky routing)"),
  timeoutMs: z.number().int().min(1).max(86_400_000).optional(),
  maxAttempts: z.number().int().min(1).max(20).optional(),
  priority: taskPriority.optional(),
};

const atMostOneTarget = (t: { role?: string; capability?: string; agentId?: string }) =>
  [t.role, t.capability, t.agentId].filter((v) => v !== undefined).length <= 1;
export const oneTarget = [
  atMostOneTarget,
  { message: "address a task to at most one of role, capability or agentId", path: ["role"] },
] as [typeof atMostOneTarget, { message: string; path: string[] }];

export const taskSpec = z.strictObject(taskFields).refine(...oneTarget);
export type TaskSpec = z.infer<typeof taskSpec>;

export const taskSubmitInput = z
  .strictObject({
    id: uuid.describe("the cluster"),
    waitMs: z
      .number()
      .int()
      .min(0)
      .max(60_000)
      .optional()
      .describe("wait up to this long for the result before answering"),
    ...taskFields,
  })
  .refine(...oneTarget);

export const taskSubmitManyInput = z.strictObject({
  id: uuid.describe("the cluster"),
  tasks: z.array(taskSpec).min(1).max(1000),
});

export const taskSchema = z
  .object({
    id: z.string(),
    clusterId: z.string(),
    parentTaskId: z.string().nullable(),
    rootTaskId: z.string().nullable(),
    depth: z.number().int(),
    target: z.object({ kind: z.enum(["role", "capability", "agent", "any"]), value: z.string().nullable() }),
    type: z.string(),
    payload: z.unknown(),
    sessionKey: z.string().nullable(),
    source: z.string(),
    status: z.enum(TASK_STATUSES),
    priority: z.number().int().describe("1 to 10, 10 the most urgent"),
    agentId: z.string().nullable(),
    attempts: z.number().int(),
    maxAttempts: z.number().int(),
    duplicateRuns: z
      .number()
      .int()
      .describe("runs reported for an attempt that had been given up: the work was done more than once"),
    timeoutMs: z.number().int(),
    result: z.unknown(),
    error: z.string().nullable(),
    usage: z.unknown(),
    costUsd: z
      .number()
      .nullable()
      .describe(
        "what its model calls cost in US dollars, at the model's price when it finished (null: no usage or no price)",
      ),
    createdAt: isoDate,
    routedAt: isoDate.nullable(),
    startedAt: isoDate.nullable(),
    finishedAt: isoDate.nullable(),
    durationMs: z.number().nullable().describe("from start to finish of the last attempt"),
    traceId: z
      .string()
      .nullable()
      .describe(
        "its OpenTelemetry trace (32 hex digits) when tracing is on (OTEL_EXPORTER_OTLP_ENDPOINT); null otherwise",
      ),
  })
  .meta({ id: "Task" });
export type TaskDto = z.infer<typeof taskSchema>;

export const taskDetailSchema = taskSchema
  .extend({
    waitingFor: z
      .object({
        provider: z.string(),
        reason: z
          .enum(["requests", "tokens", "concurrency", "retry_after", "budget"])
          .describe(
            "which limit it waits for: a per-minute limit, a free slot, a 429's Retry-After, or a spent budget",
          ),
        since: isoDate,
      })
      .nullable()
      .describe("set while its agent waits for its turn at the provider: the call has not been made yet"),
    approval: approvalStateSchema
      .nullable()
      .describe("set when its role requires approval: who may decide, until when, and the decision once made"),
  })
  .meta({ id: "TaskDetail" });
export type TaskDetailDto = z.infer<typeof taskDetailSchema>;

export const taskWaitResult = taskSchema.extend({
  timedOut: z.boolean().describe("true when the wait ended before the task finished: the task is as it was then"),
});

export const taskListInput = z.strictObject({
  clusterId: uuid.optional(),
  status: z.enum(TASK_STATUSES).optional(),
  agentId: uuid.optional(),
  type: z.string().optional(),
  rootTaskId: uuid.optional(),
  search: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe("a task id, or text in its type, target, prompt or error (case-insensitive)"),
  rootsOnly: z
    .boolean()
    .default(false)
    .describe("only tasks that were submitted, not the subtasks delegated from them"),
  ...pagination,
});

export const taskCountsInput = z.strictObject({
  clusterId: uuid.optional(),
  rootsOnly: z.boolean().default(false).describe("count only tasks that were submitted, not their subtasks"),
});

export const taskCountsSchema = z
  .object({
    total: z.number().int(),
    byStatus: z.object(
      Object.fromEntries(TASK_STATUSES.map((status) => [status, z.number().int()])) as {
        [K in (typeof TASK_STATUSES)[number]]: z.ZodNumber;
      },
    ),
  })
  .meta({ id: "TaskCounts" });

export const taskWaitInput = z.strictObject({
  id: uuid,
  timeoutMs: z.number().int().min(0).max(60_000).default(30_000),
});

export const DEAD_LETTER_KINDS = ["task", "control"] as const;

export const deadLetterSchema = z
  .object({
    id: z.string(),
    kind: z
      .enum(DEAD_LETTER_KINDS)
      .describe(
        "task: a submitted task that failed for good (data.attempts holds every failed attempt); control: a rejected control-queue job",
      ),
    clusterId: z.string().nullable(),
    taskId: z.string().nullable().describe("the task that failed, for kind task"),
    queue: z.string(),
    jobName: z.string(),
    jobId: z.string().nullable().describe("the BullMQ job, for kind control: what the producer's Queue.add returned"),
    data: z.unknown(),
    reason: z.string(),
    createdAt: isoDate,
    replayedAt: isoDate.nullable(),
    replayTaskId: z.string().nullable(),
  })
  .meta({ id: "DeadLetter" });

export const deadLetterListInput = z.strictObject({
  clusterId: z.string().optional(),
  taskId: uuid.optional().describe("the dead letter of this task"),
  kind: z.enum(DEAD_LETTER_KINDS).optional(),
  ...pagination,
});
