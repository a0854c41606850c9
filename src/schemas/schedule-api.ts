/** API contracts of schedules: a task a cluster is given on a cron expression, and its runs. */
import { z } from "zod";
import {
  cronProblem,
  MISSED_RUN_POLICIES,
  ON_TIME_GRACE_MS,
  RUN_ALL_CAP,
  timezoneProblem,
} from "../domain/schedules/cron-schedule";
import { isoDate, pagination, uuid } from "./common";
import { TASK_STATUSES, taskSpec } from "./task-api";

/** A check that says what is wrong, in the words of the domain function. */
const checked = (problem: (value: string) => string | null) => (value: string, ctx: z.RefinementCtx) => {
  const message = problem(value);
  if (message) ctx.addIssue({ code: "custom", message });
};

export const cronExpression = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .superRefine(checked(cronProblem))
  .describe("5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, e.g. `0 9 * * 1-5`");

export const ianaTimezone = z
  .string()
  .min(1)
  .max(100)
  .superRefine(checked(timezoneProblem))
  .describe("the IANA timezone the expression is read in, e.g. Europe/Berlin");

export const missedRunPolicy = z
  .enum(MISSED_RUN_POLICIES)
  .describe(
    `runs missed while no server was leading: skip them, run_once (the newest), or run_all (at most the newest ${RUN_ALL_CAP}); a run less than ${ON_TIME_GRACE_MS / 1000} s late is not missed`,
  );

const scheduleName = z.string().trim().min(1).max(100).describe("unique in its cluster");
const scheduleTask = taskSpec.describe(
  "the task each run submits, as a task submission (target, type, payload, priority…)",
);

export const scheduleCreateInput = z.strictObject({
  id: uuid.describe("the cluster"),
  name: scheduleName,
  cron: cronExpression,
  timezone: ianaTimezone.default("UTC"),
  task: scheduleTask,
  enabled: z.boolean().default(true),
  missedRuns: missedRunPolicy.default("run_once"),
});

export const scheduleKeyInput = z.strictObject({
  id: uuid.describe("the cluster"),
  scheduleId: uuid,
});

export const scheduleUpdateInput = z.strictObject({
  id: uuid.describe("the cluster"),
  scheduleId: uuid,
  name: scheduleName.optional(),
  cron: cronExpression.optional(),
  timezone: ianaTimezone.optional(),
  task: scheduleTask.optional(),
  enabled: z.boolean().optional(),
  missedRuns: missedRunPolicy.optional(),
});

export const scheduleListInput = z.strictObject({ id: uuid.describe("the cluster") });

export const scheduleRunsInput = z.strictObject({
  id: uuid.describe("the cluster"),
  scheduleId: uuid,
  ...pagination,
});

export const SCHEDULE_RUN_OUTCOMES = ["submitted", "skipped", "failed"] as const;

export const scheduleRunSchema = z
  .object({
    id: z.string(),
    scheduleId: z.string(),
    plannedAt: isoDate.describe("the time the expression named"),
    firedAt: isoDate.describe("when the server acted on it"),
    outcome: z
      .enum(SCHEDULE_RUN_OUTCOMES)
      .describe(
        "submitted: a task was submitted; skipped: missed and left out, or the cluster takes no tasks; failed: the submission was refused",
      ),
    reason: z.string().nullable(),
    taskId: z.string().nullable().describe("the task this run submitted"),
    taskStatus: z.enum(TASK_STATUSES).nullable(),
  })
  .meta({ id: "ScheduleRun" });
export type ScheduleRunDto = z.infer<typeof scheduleRunSchema>;

export const scheduleSchema = z
  .object({
    id: z.string(),
    clusterId: z.string(),
    name: z.string(),
    cron: z.string(),
    timezone: z.string(),
    task: scheduleTask,
    enabled: z.boolean(),
    missedRuns: z.enum(MISSED_RUN_POLICIES),
    nextRunAt: isoDate.nullable().describe("the next planned time (null while disabled)"),
    lastPlannedAt: isoDate.describe("the newest planned time already run or skipped"),
    recentRuns: z.array(scheduleRunSchema).describe("its five newest runs, newest first"),
    createdAt: isoDate,
    updatedAt: isoDate,
  })
  .meta({ id: "Schedule" });
export type ScheduleDto = z.infer<typeof scheduleSchema>;

export const scheduleListSchema = z.object({ items: z.array(scheduleSchema) });
