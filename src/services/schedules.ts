/**
 * Schedules of a cluster: operators create, change, enable, disable and delete them; anyone may
 * read them with their next planned time and their newest runs. Runs are made by
 * services/schedule-runs on the leader (control/schedules).
 */
import type { z } from "zod";
import type { MissedRunPolicy } from "../domain/schedules/cron-schedule";
import { nextRunAfter } from "../domain/schedules/cron-schedule";
import { Prisma, type Schedule, type ScheduleRun, type Task } from "../generated/prisma/client";
import type { Database } from "../infra/database/client";
import type { Page } from "../schemas/common";
import type {
  ScheduleDto,
  ScheduleRunDto,
  scheduleCreateInput,
  scheduleRunsInput,
  scheduleUpdateInput,
} from "../schemas/schedule-api";
import { type TaskSpec, taskSpec } from "../schemas/task-api";
import { AppError, notFound } from "./app-error";
import { blueprintOf } from "./blueprints";
import { keysetPage } from "./keyset-page";

interface Deps {
  db: Database;
}

/** A cluster holds at most this many schedules: each is a timer on the leader. */
export const MAX_SCHEDULES_PER_CLUSTER = 100;
const RECENT_RUNS = 5;

type RunRow = ScheduleRun & { task: Pick<Task, "status"> | null };
type ScheduleRow = Schedule & { runs: RunRow[] };

const withRecentRuns = {
  runs: { orderBy: { plannedAt: "desc" }, take: RECENT_RUNS, include: { task: { select: { status: true } } } },
} satisfies Prisma.ScheduleInclude;

/** The stored task spec, as it was checked on the way in. */
export function taskOfSchedule(row: Pick<Schedule, "task">): TaskSpec {
  return taskSpec.parse(row.task);
}

export function toRunDto(row: RunRow): ScheduleRunDto {
  return {
    id: row.id,
    scheduleId: row.scheduleId,
    plannedAt: row.plannedAt.toISOString(),
    firedAt: row.firedAt.toISOString(),
    outcome: row.outcome as ScheduleRunDto["outcome"],
    reason: row.reason,
    taskId: row.taskId,
    taskStatus: row.task?.status ?? null,
  };
}

function toDto(row: ScheduleRow, now = new Date()): ScheduleDto {
  const after = row.lastPlannedAt > now ? row.lastPlannedAt : now;
  return {
    id: row.id,
    clusterId: row.clusterId,
    name: row.name,
    cron: row.cron,
    timezone: row.timezone,
    task: taskOfSchedule(row),
    enabled: row.enabled,
    missedRuns: row.missedRuns as MissedRunPolicy,
    nextRunAt: row.enabled ? (nextRunAfter(row, after)?.toISOString() ?? null) : null,
    lastPlannedAt: row.lastPlannedAt.toISOString(),
    recentRuns: row.runs.map(toRunDto),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function liveCluster(db: Database, clusterId: string) {
  const cluster = await db.cluster.findUnique({
    where: { id: clusterId },
    select: { id: true, deletedAt: true, blueprint: true },
  });
  if (!cluster) throw notFound("cluster", clusterId);
  return cluster;
}

/**
 * A role or capability the cluster's blueprint lacks is refused now, not at every run (a
 * specific agent is checked at run time: agents come and go).
 */
function checkTarget(blueprint: Parameters<typeof blueprintOf>[0], task: TaskSpec): void {
  const agents = blueprintOf(blueprint).agents;
  if (task.role && !agents.some((a) => a.role === task.role))
    throw new AppError("UNPROCESSABLE_CONTENT", `no role "${task.role}" in this cluster`, [
      { path: "/task/role", message: "unknown role" },
    ]);
  if (task.capability && !agents.some((a) => a.capabilities.includes(task.capability!)))
    throw new AppError("UNPROCESSABLE_CONTENT", `no agent of this cluster has the capability "${task.capability}"`, [
      { path: "/task/capability", message: "unknown capability" },
    ]);
}

async function findSchedule(db: Database, clusterId: string, scheduleId: string): Promise<ScheduleRow> {
  const row = await db.schedule.findFirst({ where: { id: scheduleId, clusterId }, include: withRecentRuns });
  if (!row) throw notFound("schedule", scheduleId);
  return row;
}

function nameTaken(error: unknown, name: string | undefined): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
    throw new AppError("CONFLICT", `this cluster already has a schedule named "${name}"`, [
      { path: "/name", message: "taken" },
    ]);
  throw error;
}

export async function listSchedules(deps: Deps, clusterId: string): Promise<{ items: ScheduleDto[] }> {
  await liveCluster(deps.db, clusterId);
  const rows = await deps.db.schedule.findMany({
    where: { clusterId },
    orderBy: { name: "asc" },
    include: withRecentRuns,
  });
  const now = new Date();
  return { items: rows.map((row) => toDto(row, now)) };
}

export async function getSchedule(deps: Deps, clusterId: string, scheduleId: string): Promise<ScheduleDto> {
  return toDto(await findSchedule(deps.db, clusterId, scheduleId));
}

export async function createSchedule(deps: Deps, input: z.infer<typeof scheduleCreateInput>): Promise<ScheduleDto> {
  const cluster = await liveCluster(deps.db, input.id);
  if (cluster.deletedAt) throw new AppError("CONFLICT", "the cluster is deleted; it takes no schedules");
  if ((await deps.db.schedule.count({ where: { clusterId: input.id } })) >= MAX_SCHEDULES_PER_CLUSTER)
    throw new AppError("CONFLICT", `a cluster holds at most ${MAX_SCHEDULES_PER_CLUSTER} schedules`);
  checkTarget(cluster.blueprint, input.task);
  const row = await deps.db.schedule
    .create({
      data: {
        clusterId: input.id,
        name: input.name,
        cron: input.cron,
        timezone: input.timezone,
        task: input.task as Prisma.InputJsonValue,
        enabled: input.enabled,
        missedRuns: input.missedRuns,
        // Runs start from now: nothing before the schedule existed is made up.
        lastPlannedAt: new Date(),
      },
      include: withRecentRuns,
    })
    .catch((error) => nameTaken(error, input.name));
  return toDto(row);
}

export async function updateSchedule(deps: Deps, input: z.infer<typeof scheduleUpdateInput>): Promise<ScheduleDto> {
  const before = await findSchedule(deps.db, input.id, input.scheduleId);
  if (input.task) checkTarget((await liveCluster(deps.db, input.id)).blueprint, input.task);
  const timing = input.cron !== undefined || input.timezone !== undefined;
  const enabling = input.enabled === true && !before.enabled;
  const row = await deps.db.schedule
    .update({
      where: { id: before.id },
      data: {
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.cron !== undefined ? { cron: input.cron } : {}),
        ...(input.timezone !== undefined ? { timezone: input.timezone } : {}),
        ...(input.task !== undefined ? { task: input.task as Prisma.InputJsonValue } : {}),
        ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
        ...(input.missedRuns !== undefined ? { missedRuns: input.missedRuns } : {}),
        // Runs while it was disabled, or of the old expression, are not missed runs: none are made up.
        ...(timing || enabling ? { lastPlannedAt: new Date() } : {}),
      },
      include: withRecentRuns,
    })
    .catch((error) => nameTaken(error, input.name));
  return toDto(row);
}

export async function deleteSchedule(deps: Deps, clusterId: string, scheduleId: string): Promise<ScheduleDto> {
  const row = await findSchedule(deps.db, clusterId, scheduleId);
  await deps.db.schedule.deleteMany({ where: { id: row.id } });
  return toDto({ ...row, enabled: false });
}

export async function listScheduleRuns(
  deps: Deps,
  input: z.infer<typeof scheduleRunsInput>,
): Promise<Page<ScheduleRunDto>> {
  await findSchedule(deps.db, input.id, input.scheduleId);
  const where = { scheduleId: input.scheduleId };
  return keysetPage(input, "plannedAt", {
    fetch: (keyset) =>
      deps.db.scheduleRun.findMany({
        ...keyset,
        where: { AND: [where, keyset.where] },
        include: { task: { select: { status: true } } },
      }),
    count: () => deps.db.scheduleRun.count({ where }),
    toDto: toRunDto,
  });
}
