/**
 * Tasks: submit (recorded first, then routed and queued), get, list, wait for the result,
 * cancel. A task to a hibernated cluster wakes it and runs once its agents are up.
 */
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { CoreDeps } from "../core/deps";
import { waitingFor } from "../core/providers/provider-usage";
import type { NewTask } from "../core/tasks/task-records";
import { type ApprovalPolicy, approvalsOf } from "../domain/approvals/approval-policy";
import { DEFAULT_TASK_PRIORITY } from "../domain/tasks/task-priority";
import { isFinished } from "../domain/tasks/task-states";
import type { Prisma } from "../generated/prisma/client";
import { channels } from "../infra/bus";
import { inSpan, SpanKind, traceparentOf } from "../infra/tracing";
import {
  TASK_STATUSES,
  type TaskDetailDto,
  type TaskSpec,
  type taskCountsInput,
  type taskListInput,
} from "../schemas/task-api";

type TaskStatus = (typeof TASK_STATUSES)[number];

import { AppError, notFound } from "./app-error";
import { approvalStateOf } from "./approval-state";
import { blueprintOf } from "./blueprints";
import { findCluster, reactivateCluster } from "./clusters";
import { keysetPage } from "./keyset-page";
import { toTaskDto } from "./task-dto";

type Deps = Pick<
  CoreDeps,
  "db" | "redis" | "bus" | "events" | "settings" | "tasks" | "dispatcher" | "waiters" | "requestReconcile"
>;

export async function submitTasks(deps: Deps, clusterId: string, specs: readonly TaskSpec[], source = "api") {
  const cluster = await findCluster(deps.db, clusterId);
  if (cluster.deletedAt || cluster.status === "DESTROYING" || cluster.status === "DESTROYED") {
    throw new AppError("CONFLICT", `cluster ${cluster.name} is ${cluster.status}; it takes no tasks`);
  }
  const blueprint = blueprintOf(cluster.blueprint);
  const roles = new Set(blueprint.agents.map((a) => a.role));
  const capabilities = new Set(blueprint.agents.flatMap((a) => a.capabilities));
  const roleOfAgent = specs.some((s) => s.agentId)
    ? new Map(
        (
          await deps.db.clusterAgent.findMany({
            where: { clusterId, removedAt: null },
            select: { id: true, role: true },
          })
        ).map((a) => [a.id, a.role]),
      )
    : new Map<string, string>();
  specs.forEach((spec, i) => {
    const at = specs.length > 1 ? `/tasks/${i}` : "";
    if (spec.role && !roles.has(spec.role))
      throw new AppError(
        "UNPROCESSABLE_CONTENT",
        `no role "${spec.role}" in this cluster; roles: ${[...roles].join(", ")}`,
        [{ path: `${at}/role`, message: "unknown role" }],
      );
    if (spec.capability && !capabilities.has(spec.capability)) {
      throw new AppError("UNPROCESSABLE_CONTENT", `no agent of this cluster has the capability "${spec.capability}"`, [
        { path: `${at}/capability`, message: "unknown capability" },
      ]);
    }
    if (spec.agentId && !roleOfAgent.has(spec.agentId))
      throw new AppError("UNPROCESSABLE_CONTENT", `agent ${spec.agentId} is not an active agent of this cluster`, [
        { path: `${at}/agentId`, message: "unknown agent" },
      ]);
  });

  const approvals = approvalsOf(blueprint.agents, specs, roleOfAgent);
  // Tasks that wait for approval need no agent yet: they wake nobody.
  if (cluster.status === "HIBERNATED" && approvals.some((approval) => !approval)) {
    // Another submit may wake it at the same moment; either way it is awake now.
    await reactivateCluster(deps, clusterId).catch((error) => {
      if (!(error instanceof AppError && error.code === "CONFLICT")) throw error;
    });
  }

  // One span for the request: its tasks' runs, on whichever agents, are its children.
  return inSpan(
    "task.submit",
    {
      kind: SpanKind.PRODUCER,
      attributes: { "myzel.cluster.id": clusterId, "myzel.task.count": specs.length, "myzel.task.source": source },
    },
    (span) => recordAndQueue(deps, clusterId, specs, approvals, source, traceparentOf(span) ?? null),
  );
}

async function recordAndQueue(
  deps: Deps,
  clusterId: string,
  specs: readonly TaskSpec[],
  approvals: ReadonlyArray<ApprovalPolicy | null>,
  source: string,
  traceparent: string | null,
) {
  const now = new Date();
  const tasks: NewTask[] = specs.map((spec, i) => {
    const [targetKind, targetValue] = spec.role
      ? ["role", spec.role]
      : spec.capability
        ? ["capability", spec.capability]
        : spec.agentId
          ? ["agent", spec.agentId]
          : ["any", null];
    return {
      id: randomUUID(),
      clusterId,
      targetKind: targetKind!,
      targetValue,
      type: spec.type,
      payload: spec.payload ?? null,
      sessionKey: spec.sessionKey ?? null,
      source,
      timeoutMs: spec.timeoutMs ?? deps.settings.TASK_TIMEOUT_MS,
      maxAttempts: spec.maxAttempts ?? deps.settings.TASK_MAX_ATTEMPTS,
      priority: spec.priority ?? DEFAULT_TASK_PRIORITY,
      agentId: null,
      traceparent,
      approval: approvals[i] ?? null,
    };
  });
  // Routed first and recorded already QUEUED to the chosen agent (one write per task), then queued;
  // the tasks no agent can take yet are recorded PENDING and routed when agents come up; those
  // that wait for approval are routed by nobody until a person approves them.
  const assignments = await inSpan("task.route", {}, async (span) => {
    const chosen = await deps.dispatcher.assign(
      tasks.filter((t) => !t.approval).map((t) => ({ ...t, attempts: 0, depth: 0, rootTaskId: null, chain: [] })),
    );
    span.setAttribute("myzel.task.routed", chosen.length);
    return chosen;
  });
  const agentOf = new Map(assignments.map((a) => [a.task.id, a.agentId]));
  await deps.tasks.insert(tasks.map((t) => ({ ...t, agentId: agentOf.get(t.id) ?? null })));
  await inSpan(
    "queue.enqueue",
    {
      kind: SpanKind.PRODUCER,
      attributes: { "messaging.system": "bullmq", "messaging.batch.message_count": assignments.length },
    },
    () => deps.dispatcher.enqueue(assignments),
  );
  await deps.db.cluster.update({ where: { id: clusterId }, data: { lastActivityAt: now } });
  await deps.events.publish({
    type: "tasks.submitted",
    clusterId,
    at: now.toISOString(),
    taskIds: tasks.length <= 100 ? tasks.map((t) => t.id) : [],
  });
  return tasks.map((t) => t.id);
}

export async function getTask(deps: Pick<Deps, "db">, id: string) {
  const row = await deps.db.task.findUnique({ where: { id } });
  if (!row) throw notFound("task", id);
  return toTaskDto(row);
}

/** A task, and while its agent waits for a provider's turn, which provider and why. */
export async function getTaskDetail(deps: Pick<Deps, "db" | "redis">, id: string): Promise<TaskDetailDto> {
  const task = await getTask(deps, id);
  const approval = await approvalStateOf(deps, id);
  if (task.status !== "QUEUED" && task.status !== "RUNNING") return { ...task, waitingFor: null, approval };
  const providers = (await deps.db.provider.findMany({ select: { name: true } })).map((p) => p.name);
  const waiting = await waitingFor(deps.redis, providers, id).catch(() => null);
  return { ...task, waitingFor: waiting ? { ...waiting, reason: waitReason(waiting.reason) } : null, approval };
}

function waitReason(reason: string): NonNullable<TaskDetailDto["waitingFor"]>["reason"] {
  const known = ["requests", "tokens", "concurrency", "retry_after", "budget"] as const;
  return known.find((k) => k === reason) ?? "requests";
}

/** How many tasks there are in each status (of a cluster, or all; submitted ones only with `rootsOnly`). */
export async function countTasks(deps: Pick<Deps, "db">, input: z.infer<typeof taskCountsInput>) {
  const rows = await deps.db.task.groupBy({
    by: ["status"],
    where: {
      ...(input.clusterId ? { clusterId: input.clusterId } : {}),
      ...(input.rootsOnly ? { parentTaskId: null } : {}),
    },
    _count: true,
  });
  const byStatus = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as Record<TaskStatus, number>;
  for (const row of rows) byStatus[row.status] = row._count;
  return { total: rows.reduce((sum, row) => sum + row._count, 0), byStatus };
}

export async function listTasks(deps: Pick<Deps, "db">, input: z.infer<typeof taskListInput>) {
  const where: Prisma.TaskWhereInput = {
    ...(input.clusterId ? { clusterId: input.clusterId } : {}),
    ...(input.status ? { status: input.status } : {}),
    ...(input.agentId ? { agentId: input.agentId } : {}),
    ...(input.type ? { type: input.type } : {}),
    ...(input.rootTaskId ? { OR: [{ rootTaskId: input.rootTaskId }, { id: input.rootTaskId }] } : {}),
    ...(input.rootsOnly ? { parentTaskId: null } : {}),
    ...(input.search ? { AND: [await searchTasks(deps.db, input.search, input.clusterId)] } : {}),
  };
  return keysetPage(input, "createdAt", {
    fetch: (keyset) => deps.db.task.findMany({ ...keyset, where: { AND: [where, keyset.where] } }),
    count: () => deps.db.task.count({ where }),
    toDto: toTaskDto,
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Enough for a page of results; a search is narrowed, not paged through thousands. */
const SEARCH_LIMIT = 1000;

/**
 * An id finds its task; other text is looked for, case-insensitively, in the type, the
 * target, the error and the prompt (a string payload or its `prompt` field).
 */
async function searchTasks(
  db: Deps["db"],
  text: string,
  clusterId: string | undefined,
): Promise<Prisma.TaskWhereInput> {
  if (UUID.test(text)) return { id: text };
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM tasks
    WHERE (${clusterId ?? null}::uuid IS NULL OR cluster_id = ${clusterId ?? null}::uuid)
      AND (type ILIKE ${pattern} OR target_value ILIKE ${pattern} OR error ILIKE ${pattern}
        OR (CASE jsonb_typeof(payload) WHEN 'string' THEN payload #>> '{}' WHEN 'object' THEN payload ->> 'prompt' END) ILIKE ${pattern})
    ORDER BY created_at DESC LIMIT ${SEARCH_LIMIT}`;
  return { id: { in: rows.map((row) => row.id) } };
}

/** The task once it has finished, or as it is after `timeoutMs`. */
/** The task once it finished, or as it is after `timeoutMs` (then `timedOut`). */
export async function waitForTask(deps: Pick<Deps, "db" | "waiters">, id: string, timeoutMs: number) {
  const waiter = deps.waiters.wait(id, timeoutMs);
  const now = await getTask(deps, id).catch((error) => {
    waiter.cancel();
    throw error;
  });
  if (isFinished(now.status)) {
    waiter.cancel();
    return { ...now, timedOut: false };
  }
  await waiter.promise;
  const task = await getTask(deps, id);
  return { ...task, timedOut: !isFinished(task.status) };
}

export async function cancelTask(deps: Deps, id: string) {
  const [cancelled] = await deps.tasks.cancel({ taskIds: [id] }, "cancelled by request");
  if (!cancelled) {
    const task = await getTask(deps, id);
    throw new AppError("CONFLICT", `task ${id} has already finished (${task.status})`);
  }
  if (cancelled.agentId) {
    // Still waiting in the queue: take it out. Already running: the agent aborts it.
    const { attempts } = await deps.db.task.findUniqueOrThrow({ where: { id }, select: { attempts: true } });
    await deps.dispatcher.unqueue(cancelled.agentId, `${id}-${attempts}`);
    await deps.bus.publish(channels.agentControl(cancelled.agentId), { type: "cancel", taskId: id });
  }
  return getTask(deps, id);
}
