/** Schedules: a task a cluster is given on a cron expression; operators change them, viewers read them. */
import { page } from "../../schemas/common";
import {
  scheduleCreateInput,
  scheduleKeyInput,
  scheduleListInput,
  scheduleListSchema,
  scheduleRunSchema,
  scheduleRunsInput,
  scheduleSchema,
  scheduleUpdateInput,
} from "../../schemas/schedule-api";
import {
  createSchedule,
  deleteSchedule,
  getSchedule,
  listScheduleRuns,
  listSchedules,
  updateSchedule,
} from "../../services/schedules";
import { operatorProcedure, router, viewerProcedure } from "../trpc";

const tags = ["schedules"];
const collection = "/api/clusters/{id}/schedules";
const item = `${collection}/{scheduleId}`;
const notFound = { 404: "No such cluster, or no such schedule in it." };

export const schedulesRouter = router({
  list: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: collection,
        tags,
        summary: "A cluster's schedules with their next run and newest runs",
        description:
          "Every schedule of the cluster, by name: its expression and timezone, the task it submits, whether it is enabled, its next planned time and its five newest runs, each with the task it submitted.",
        errorResponses: { 404: "No such cluster." },
      },
    })
    .input(scheduleListInput)
    .output(scheduleListSchema)
    .query(({ ctx, input }) => listSchedules(ctx, input.id)),

  get: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: item,
        tags,
        summary: "One schedule with its next run and newest runs",
        description: "A schedule with its next planned time and its five newest runs.",
        errorResponses: notFound,
      },
    })
    .input(scheduleKeyInput)
    .output(scheduleSchema)
    .query(({ ctx, input }) => getSchedule(ctx, input.id, input.scheduleId)),

  create: operatorProcedure
    .meta({
      created: { location: "/api/clusters/{clusterId}/schedules/{id}" },
      openapi: {
        method: "POST",
        path: collection,
        tags,
        summary: "Schedule a task on a cron expression",
        description:
          "Creates a schedule: on each time the cron expression names (read in `timezone`), the leading server submits the task as any submission would be (routing, budgets; a hibernated cluster wakes). Runs missed while no server was leading follow `missedRuns`. Nothing before its creation is made up.",
        errorResponses: {
          404: "No such cluster.",
          409: "The cluster is deleted, already has a schedule of this name, or holds the most schedules it may.",
          422: "The task names a role or capability the cluster's blueprint does not have.",
        },
      },
    })
    .input(scheduleCreateInput)
    .output(scheduleSchema)
    .mutation(({ ctx, input }) => createSchedule(ctx, input)),

  update: operatorProcedure
    .meta({
      openapi: {
        method: "PUT",
        path: item,
        tags,
        summary: "Change, enable or disable a schedule",
        description:
          "Changes a schedule's name, expression, timezone, task, missed-run policy or whether it is enabled. Fields left out stay as they are. A new expression or timezone, or enabling it, starts its runs from now: runs while it was disabled are not missed runs.",
        errorResponses: {
          ...notFound,
          409: "The cluster already has a schedule of this name.",
          422: "The task names a role or capability the cluster's blueprint does not have.",
        },
      },
    })
    .input(scheduleUpdateInput)
    .output(scheduleSchema)
    .mutation(({ ctx, input }) => updateSchedule(ctx, input)),

  delete: operatorProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: item,
        tags,
        summary: "Delete a schedule and its runs (their tasks stay)",
        description:
          "Deletes a schedule and the record of its runs; the tasks they submitted stay. The answer is the schedule as it was.",
        errorResponses: notFound,
      },
    })
    .input(scheduleKeyInput)
    .output(scheduleSchema)
    .mutation(({ ctx, input }) => deleteSchedule(ctx, input.id, input.scheduleId)),

  runs: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: `${item}/runs`,
        tags,
        summary: "A schedule's runs, newest first",
        description:
          "Every planned time the schedule acted on, newest first: the task it submitted (with its status), or why it skipped or failed. Paged with `limit` and `cursor`.",
        errorResponses: notFound,
      },
    })
    .input(scheduleRunsInput)
    .output(page(scheduleRunSchema))
    .query(({ ctx, input }) => listScheduleRuns(ctx, input)),
});
