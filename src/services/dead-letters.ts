/**
 * Dead letters: submitted tasks that failed for good (with every attempt's error) and control
 * tasks that were rejected, listed with their reason and replayed on request.
 */
import type { z } from "zod";
import type { CoreDeps } from "../core/deps";
import type { DeadLetter } from "../generated/prisma/client";
import type { deadLetterListInput, TaskSpec } from "../schemas/task-api";
import { AppError, notFound } from "./app-error";
import { ControlTaskRejected, runControlTask } from "./control-tasks";
import { keysetPage } from "./keyset-page";
import { submitTasks } from "./tasks";

/** What a task's dead letter keeps of it (written by the task store). */
interface FailedTaskData {
  targetKind: string;
  targetValue: string | null;
  payload: unknown;
  sessionKey: string | null;
  timeoutMs: number;
  maxAttempts: number;
  /** Absent from letters written before tasks had priorities. */
  priority?: number;
}

/** A control-queue job that was rejected, as its worker took it. */
export interface RejectedJob {
  clusterId: string;
  queue: string;
  jobId: string;
  /** When the job was added (BullMQ's `job.timestamp`). */
  addedAt: Date;
  jobName: string;
  data: unknown;
  reason: string;
}

/**
 * The dead letter of a rejected control job, recorded once per job: a job taken up again after
 * its server died mid-way finds the letter it already has. Only a letter written since the job
 * was added counts: a producer may reuse a job id once the earlier job is gone.
 */
export async function recordRejectedJob(deps: Pick<CoreDeps, "db">, job: RejectedJob): Promise<DeadLetter> {
  const { addedAt, ...letter } = job;
  const earlier = await deps.db.deadLetter.findFirst({
    where: { queue: job.queue, jobId: job.jobId, createdAt: { gte: addedAt } },
  });
  return earlier ?? deps.db.deadLetter.create({ data: { ...letter, data: (job.data ?? null) as object } });
}

function toDto(row: DeadLetter) {
  return {
    ...row,
    kind: row.taskId ? ("task" as const) : ("control" as const),
    createdAt: row.createdAt.toISOString(),
    replayedAt: row.replayedAt?.toISOString() ?? null,
  };
}

export async function listDeadLetters(deps: Pick<CoreDeps, "db">, input: z.infer<typeof deadLetterListInput>) {
  const where = {
    ...(input.clusterId ? { clusterId: input.clusterId } : {}),
    ...(input.taskId ? { taskId: input.taskId } : {}),
    ...(input.kind === "task" ? { taskId: { not: null } } : input.kind === "control" ? { taskId: null } : {}),
  };
  return keysetPage(input, "createdAt", {
    fetch: (keyset) => deps.db.deadLetter.findMany({ ...keyset, where: { AND: [where, keyset.where] } }),
    count: () => deps.db.deadLetter.count({ where }),
    toDto,
  });
}

/**
 * Runs the dead work again (after whatever was wrong has been fixed): a task is submitted anew,
 * as it was first submitted, with a fresh set of attempts; a control job is run again.
 */
export async function replayDeadLetter(deps: CoreDeps, id: string) {
  const letter = await deps.db.deadLetter.findUnique({ where: { id } });
  if (!letter) throw notFound("dead letter", id);
  if (!letter.clusterId) throw new AppError("UNPROCESSABLE_CONTENT", "the dead letter names no cluster");
  // Claimed before it runs, so two replays at the same moment cannot both run it.
  const { count } = await deps.db.deadLetter.updateMany({
    where: { id, replayedAt: null },
    data: { replayedAt: new Date() },
  });
  if (!count)
    throw new AppError("CONFLICT", `dead letter ${id} was already replayed (task ${letter.replayTaskId ?? "none"})`);
  try {
    const { taskId, result } = letter.taskId ? await replayTask(deps, letter) : await replayControlJob(deps, letter);
    const row = await deps.db.deadLetter.update({ where: { id }, data: { replayTaskId: taskId } });
    return { deadLetter: toDto(row), result };
  } catch (error) {
    await deps.db.deadLetter.update({ where: { id }, data: { replayedAt: null } });
    throw error;
  }
}

async function replayTask(deps: CoreDeps, letter: DeadLetter) {
  const [taskId] = await submitTasks(
    deps,
    letter.clusterId!,
    [specOf(letter.jobName, letter.data as unknown as FailedTaskData)],
    "replay",
  );
  return { taskId: taskId!, result: { taskId } };
}

async function replayControlJob(deps: CoreDeps, letter: DeadLetter) {
  try {
    const result = await runControlTask(deps, letter.clusterId!, letter.jobName, letter.data);
    const taskId =
      result && typeof result === "object" && "taskId" in result
        ? String((result as { taskId: unknown }).taskId)
        : null;
    return { taskId, result };
  } catch (error) {
    if (error instanceof ControlTaskRejected)
      throw new AppError("UNPROCESSABLE_CONTENT", `still rejected: ${error.message}`);
    throw error;
  }
}

function specOf(type: string, data: FailedTaskData): TaskSpec {
  const target =
    data.targetKind === "role"
      ? { role: data.targetValue! }
      : data.targetKind === "capability"
        ? { capability: data.targetValue! }
        : data.targetKind === "agent"
          ? { agentId: data.targetValue! }
          : {};
  return {
    ...target,
    type,
    payload: data.payload,
    ...(data.sessionKey ? { sessionKey: data.sessionKey } : {}),
    timeoutMs: data.timeoutMs,
    maxAttempts: data.maxAttempts,
    ...(data.priority ? { priority: data.priority } : {}),
  };
}
