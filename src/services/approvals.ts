/**
 * Approvals: the tasks held for a person's decision, and the decisions. An approved task goes
 * to routing like any new task; a rejected one fails with who rejected it and why, and a
 * delegating parent hears of it as of any failed subtask. Each call is audited by the procedure
 * helpers; each decision is published as an `approvals` event by the task store.
 */
import type { z } from "zod";
import type { CoreDeps } from "../core/deps";
import { rejectionReason } from "../domain/approvals/approval-timeout";
import type { Task } from "../generated/prisma/client";
import type { ApprovalDto, approvalListInput } from "../schemas/approval-api";
import { AppError, notFound } from "./app-error";
import { toApprovalState } from "./approval-state";
import { reactivateCluster } from "./clusters";
import { keysetPage } from "./keyset-page";
import { toTaskDto } from "./task-dto";
import { getTask } from "./tasks";

type Deps = Pick<CoreDeps, "db" | "tasks" | "dispatcher" | "events" | "settings" | "requestReconcile">;

/** The tasks that wait for a decision, newest first, with their cluster and delegation path. */
export async function listApprovals(deps: Pick<Deps, "db">, input: z.infer<typeof approvalListInput>) {
  const where = { status: "AWAITING_APPROVAL" as const, ...(input.clusterId ? { clusterId: input.clusterId } : {}) };
  const page = await keysetPage(input, "createdAt", {
    fetch: (keyset) =>
      deps.db.task.findMany({
        ...keyset,
        where: { AND: [where, keyset.where] },
        include: { approval: true, cluster: { select: { name: true } } },
      }),
    count: () => deps.db.task.count({ where }),
    toDto: (row) => row,
  });
  const paths = await delegationPaths(deps.db, page.items);
  const items: ApprovalDto[] = page.items.flatMap((row) =>
    row.approval
      ? [
          {
            task: toTaskDto(row),
            clusterName: row.cluster.name,
            approval: toApprovalState(row.approval),
            path: paths.get(row.id) ?? [],
          },
        ]
      : [],
  );
  return { ...page, items };
}

/** The tasks above each task, the submitted one first: read level by level, the depth is small. */
async function delegationPaths(db: Deps["db"], tasks: ReadonlyArray<Pick<Task, "id" | "parentTaskId">>) {
  const known = new Map<string, Pick<Task, "id" | "parentTaskId" | "type" | "status" | "agentId">>();
  let wanted = [...new Set(tasks.map((t) => t.parentTaskId).filter((id): id is string => id !== null))];
  while (wanted.length) {
    const rows = await db.task.findMany({
      where: { id: { in: wanted } },
      select: { id: true, parentTaskId: true, type: true, status: true, agentId: true },
    });
    for (const row of rows) known.set(row.id, row);
    wanted = [...new Set(rows.map((r) => r.parentTaskId).filter((id): id is string => id !== null && !known.has(id)))];
  }
  const agentIds = [...new Set([...known.values()].map((t) => t.agentId).filter((id): id is string => id !== null))];
  const agents = new Map(
    (
      await db.clusterAgent.findMany({
        where: { id: { in: agentIds } },
        select: { id: true, agentKey: true, role: true },
      })
    ).map((a) => [a.id, a]),
  );
  const paths = new Map<string, ApprovalDto["path"]>();
  for (const task of tasks) {
    const path: ApprovalDto["path"] = [];
    for (let id = task.parentTaskId; id && known.has(id); id = known.get(id)!.parentTaskId) {
      const step = known.get(id)!;
      const agent = step.agentId ? agents.get(step.agentId) : undefined;
      path.unshift({
        taskId: step.id,
        type: step.type,
        status: step.status,
        agentKey: agent?.agentKey ?? null,
        role: agent?.role ?? null,
      });
    }
    paths.set(task.id, path);
  }
  return paths;
}

/** Approves a waiting task: it is routed like a new one (or waits PENDING for an agent). */
export async function approveTask(deps: Deps, id: string, by: string, comment: string | null) {
  const released = await deps.tasks.release(id, { decision: "approved", by, comment });
  if (!released) throw await noLongerWaiting(deps, id);
  // A cluster that fell asleep while the task waited wakes for it, as for a new task.
  const cluster = await deps.db.cluster.findUnique({ where: { id: released.clusterId }, select: { status: true } });
  if (cluster?.status === "HIBERNATED")
    await reactivateCluster(deps, released.clusterId).catch((error) => {
      if (!(error instanceof AppError && error.code === "CONFLICT")) throw error;
    });
  // No agent free: it stays PENDING, and the reconciler's sweep routes it when one is.
  await deps.dispatcher.dispatch([released]);
  return getTask(deps, id);
}

/** Rejects a waiting task: it fails with "rejected by <who>: <comment>". */
export async function rejectTask(deps: Deps, id: string, by: string, comment: string) {
  const [rejected] = await deps.tasks.reject([id], rejectionReason(by, comment), { decision: "rejected", by, comment });
  if (!rejected) throw await noLongerWaiting(deps, id);
  return getTask(deps, id);
}

async function noLongerWaiting(deps: Pick<Deps, "db">, id: string): Promise<AppError> {
  const task = await deps.db.task.findUnique({ where: { id }, include: { approval: true } });
  if (!task) return notFound("task", id);
  if (!task.approval) return new AppError("CONFLICT", `task ${id} does not wait for approval: its role requires none`);
  const decided = task.approval.decision
    ? `: ${task.approval.decision.replace("_", " ")}${task.approval.decidedBy ? ` by ${task.approval.decidedBy}` : ""}`
    : "";
  return new AppError("CONFLICT", `task ${id} no longer waits for approval (it is ${task.status}${decided})`);
}
