/**
 * A schedule's due runs (domain/schedules/cron-schedule decides which): each submits the
 * schedule's task through the normal task service — so routing, budgets and waking a
 * hibernated cluster apply as to any task — and leaves a run row linking to it, or saying why
 * there is none. The server that moves the schedule's `lastPlannedAt` on is the one that acts:
 * two servers never submit the same planned time.
 */
import type { CoreDeps } from "../core/deps";
import { type MissedRunPolicy, runsDue } from "../domain/schedules/cron-schedule";
import type { Prisma } from "../generated/prisma/client";
import { AppError } from "./app-error";
import { taskOfSchedule } from "./schedules";
import { submitTasks } from "./tasks";

export interface RunsMade {
  submitted: number;
  skipped: number;
  failed: number;
}

const NONE: RunsMade = { submitted: 0, skipped: 0, failed: 0 };

export async function runDueSchedule(deps: CoreDeps, scheduleId: string, now = new Date()): Promise<RunsMade> {
  const { db } = deps;
  const row = await db.schedule.findUnique({
    where: { id: scheduleId },
    include: { cluster: { select: { deletedAt: true } } },
  });
  if (!row?.enabled || row.cluster.deletedAt) return NONE;
  const policy = row.missedRuns as MissedRunPolicy;
  const due = runsDue({ cron: row.cron, timezone: row.timezone, lastPlannedAt: row.lastPlannedAt, now, policy });
  if (!due.newest) return NONE;
  // The claim: only the server whose update finds lastPlannedAt unchanged acts on these times.
  const claimed = await db.schedule.updateMany({
    where: { id: row.id, lastPlannedAt: row.lastPlannedAt, enabled: true },
    data: { lastPlannedAt: due.newest },
  });
  if (!claimed.count) return NONE;

  const rows: Prisma.ScheduleRunCreateManyInput[] = [];
  const newestSkipped = due.skipped[0];
  if (newestSkipped) {
    const count = `${due.skipped.length}${due.moreSkipped ? " or more" : ""}`;
    rows.push({
      scheduleId: row.id,
      plannedAt: newestSkipped,
      outcome: "skipped",
      reason: `${count} run${due.skipped.length === 1 ? "" : "s"} missed while no server was leading; missed-run policy ${policy}`,
    });
  }
  if (due.run.length) rows.push(...(await submitRuns(deps, row, due.run)));
  await db.scheduleRun.createMany({ data: rows, skipDuplicates: true });
  return {
    submitted: rows.filter((r) => r.outcome === "submitted").length,
    skipped: rows.filter((r) => r.outcome === "skipped").length,
    failed: rows.filter((r) => r.outcome === "failed").length,
  };
}

/** One task per planned time, in one submission (all or none); a refusal is the runs' outcome. */
async function submitRuns(
  deps: CoreDeps,
  row: { id: string; clusterId: string; task: Prisma.JsonValue },
  times: readonly Date[],
): Promise<Prisma.ScheduleRunCreateManyInput[]> {
  const spec = taskOfSchedule(row);
  try {
    const taskIds = await submitTasks(
      deps,
      row.clusterId,
      times.map(() => spec),
      "schedule",
    );
    return times.map((plannedAt, i) => ({
      scheduleId: row.id,
      plannedAt,
      outcome: "submitted",
      taskId: taskIds[i] ?? null,
    }));
  } catch (error) {
    if (!(error instanceof AppError)) deps.log.warn({ err: error, schedule: row.id }, "a scheduled run failed");
    // A cluster being destroyed takes no tasks: nothing failed, there was nothing to run on.
    const outcome = error instanceof AppError && error.code === "CONFLICT" ? "skipped" : "failed";
    return times.map((plannedAt) => ({
      scheduleId: row.id,
      plannedAt,
      outcome,
      reason: (error as Error).message.slice(0, 1000),
    }));
  }
}
