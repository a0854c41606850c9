/** Control tasks that were rejected: listed with their reason, and replayed on request. */
import type { z } from "zod";
import type { AppDeps } from "../api/trpc";
import { ControlTaskRejected, runControlTask } from "../control/control-tasks";
import type { DeadLetter } from "../generated/prisma/client";
import type { deadLetterListInput } from "../schemas/task-api";
import { AppError, notFound } from "./app-error";

function toDto(row: DeadLetter) {
  return { ...row, createdAt: row.createdAt.toISOString(), replayedAt: row.replayedAt?.toISOString() ?? null };
}

export async function listDeadLetters(deps: Pick<AppDeps, "db">, input: z.infer<typeof deadLetterListInput>) {
  const where = input.clusterId ? { clusterId: input.clusterId } : {};
  const [rows, total] = await Promise.all([
    deps.db.deadLetter.findMany({ where, orderBy: { createdAt: "desc" }, take: input.limit, skip: input.offset }),
    deps.db.deadLetter.count({ where }),
  ]);
  return { items: rows.map(toDto), total, limit: input.limit, offset: input.offset };
}

/** Runs the rejected job again (after whatever was wrong has been fixed, e.g. a role added). */
export async function replayDeadLetter(deps: AppDeps, id: string) {
  const letter = await deps.db.deadLetter.findUnique({ where: { id } });
  if (!letter) throw notFound("dead letter", id);
  if (letter.replayedAt) throw new AppError("CONFLICT", `dead letter ${id} was already replayed`);
  if (!letter.clusterId) throw new AppError("UNPROCESSABLE_CONTENT", "the dead letter names no cluster");
  try {
    const result = await runControlTask(deps, letter.clusterId, letter.jobName, letter.data);
    const taskId = result && typeof result === "object" && "taskId" in result ? String((result as { taskId: unknown }).taskId) : null;
    const row = await deps.db.deadLetter.update({ where: { id }, data: { replayedAt: new Date(), replayTaskId: taskId } });
    return { deadLetter: toDto(row), result };
  } catch (error) {
    if (error instanceof ControlTaskRejected) throw new AppError("UNPROCESSABLE_CONTENT", `still rejected: ${error.message}`);
    throw error;
  }
}
