/** A task's trace: its whole family (root and every subtask) with every attempt and the agents they ran on. */
import type { CoreDeps } from "../core/deps";
import { promptOf } from "../domain/tasks/prompt-of";
import { ancestry, traceAttempts } from "../domain/tasks/trace-attempts";
import type { Task } from "../generated/prisma/client";
import { type TaskTraceDto, TRACE_MAX_TASKS } from "../schemas/task-trace-api";
import { notFound } from "./app-error";

const iso = (date: Date | null) => date?.toISOString() ?? null;

export async function taskTrace(deps: Pick<CoreDeps, "db">, id: string): Promise<TaskTraceDto> {
  const task = await deps.db.task.findUnique({ where: { id }, select: { id: true, rootTaskId: true } });
  if (!task) throw notFound("task", id);
  const rootTaskId = task.rootTaskId ?? task.id;
  const family = await deps.db.task.findMany({
    where: { OR: [{ id: rootTaskId }, { rootTaskId }] },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: TRACE_MAX_TASKS + 1,
  });
  const truncated = family.length > TRACE_MAX_TASKS;
  const listed = family.slice(0, TRACE_MAX_TASKS);
  // The task asked for and its ancestors are always there, even in a family too large to list.
  const tasks = [...listed];
  const known = (taskId: string) => tasks.find((t) => t.id === taskId);
  for (let next: string | null = id; next && tasks.length <= TRACE_MAX_TASKS + 50; ) {
    const found: Task | null = known(next) ?? (await deps.db.task.findUnique({ where: { id: next } }));
    if (!found) break;
    if (!known(found.id)) tasks.push(found);
    next = found.parentTaskId;
  }
  const rows = await deps.db.taskAttempt.findMany({ where: { taskId: { in: tasks.map((t) => t.id) } } });
  const attempts = tasks.flatMap((t) =>
    traceAttempts(
      t,
      rows.filter((row) => row.taskId === t.id),
    ).map((a) => ({ taskId: t.id, ...a, startedAt: iso(a.startedAt), finishedAt: iso(a.finishedAt) })),
  );
  const agentIds = [...new Set([...tasks.map((t) => t.agentId), ...attempts.map((a) => a.agentId)])].filter(
    (agentId): agentId is string => agentId !== null,
  );
  const agents = await deps.db.clusterAgent.findMany({
    where: { id: { in: agentIds } },
    select: { id: true, name: true, agentKey: true, removedAt: true },
  });
  const chain = ancestry(id, tasks);
  return {
    taskId: id,
    rootTaskId,
    ancestors: chain.slice(0, -1).map(toTraceTask),
    tasks: tasks.map(toTraceTask),
    truncated,
    attempts,
    agents: agents.map((a) => ({ id: a.id, name: a.name, key: a.agentKey, removed: a.removedAt !== null })),
  };
}

function toTraceTask(t: Task) {
  return {
    id: t.id,
    parentTaskId: t.parentTaskId,
    depth: t.depth,
    type: t.type,
    label: promptOf(t.payload).slice(0, 200),
    status: t.status,
    agentId: t.agentId,
    attempts: t.attempts,
    maxAttempts: t.maxAttempts,
    error: t.error,
    createdAt: t.createdAt.toISOString(),
    startedAt: iso(t.startedAt),
    finishedAt: iso(t.finishedAt),
  };
}
