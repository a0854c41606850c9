/**
 * Tasks: submit (recorded first, then routed and queued), get, list, wait for the result,
 * cancel. A task to a hibernated cluster wakes it and runs once its agents are up.
 */
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { AppDeps } from "../api/trpc";
import { toTaskDto } from "../control/task-dto";
import type { Prisma } from "../generated/prisma/client";
import { keys } from "../infra/keys";
import type { TaskSpec, taskListInput } from "../schemas/task-api";
import { announceFinished } from "../control/announce-finished";
import { AppError, notFound } from "./app-error";
import { blueprintOf } from "./blueprints";
import { findCluster, reactivateCluster } from "./clusters";

type Deps = Pick<AppDeps, "db" | "redis" | "events" | "settings" | "control">;

export async function submitTasks(deps: Deps, clusterId: string, specs: readonly TaskSpec[], source = "api") {
  const cluster = await findCluster(deps.db, clusterId);
  if (cluster.deletedAt || cluster.status === "DESTROYING" || cluster.status === "DESTROYED") {
    throw new AppError("CONFLICT", `cluster ${cluster.name} is ${cluster.status}; it takes no tasks`);
  }
  const blueprint = blueprintOf(cluster.blueprint);
  const roles = new Set(blueprint.agents.map((a) => a.role));
  const capabilities = new Set(blueprint.agents.flatMap((a) => a.capabilities));
  const agentIds = specs.some((s) => s.agentId)
    ? new Set((await deps.db.clusterAgent.findMany({ where: { clusterId, removedAt: null }, select: { id: true } })).map((a) => a.id))
    : new Set<string>();
  specs.forEach((spec, i) => {
    const at = specs.length > 1 ? `tasks.${i}.` : "";
    if (spec.role && !roles.has(spec.role)) throw new AppError("UNPROCESSABLE_CONTENT", `no role "${spec.role}" in this cluster; roles: ${[...roles].join(", ")}`, [{ path: `${at}role`, message: "unknown role" }]);
    if (spec.capability && !capabilities.has(spec.capability)) {
      throw new AppError("UNPROCESSABLE_CONTENT", `no agent of this cluster has the capability "${spec.capability}"`, [{ path: `${at}capability`, message: "unknown capability" }]);
    }
    if (spec.agentId && !agentIds.has(spec.agentId)) throw new AppError("UNPROCESSABLE_CONTENT", `agent ${spec.agentId} is not an active agent of this cluster`, [{ path: `${at}agentId`, message: "unknown agent" }]);
  });

  if (cluster.status === "HIBERNATED") {
    // Another submit may wake it at the same moment; either way it is awake now.
    await reactivateCluster(deps, clusterId).catch((error) => {
      if (!(error instanceof AppError && error.code === "CONFLICT")) throw error;
    });
  }

  const now = new Date();
  const rows: Prisma.TaskCreateManyInput[] = specs.map((spec) => {
    const [targetKind, targetValue] = spec.role ? ["role", spec.role] : spec.capability ? ["capability", spec.capability] : spec.agentId ? ["agent", spec.agentId] : ["any", null];
    return {
      id: randomUUID(),
      clusterId,
      targetKind,
      targetValue,
      type: spec.type,
      payload: (spec.payload ?? null) as Prisma.InputJsonValue,
      sessionKey: spec.sessionKey ?? null,
      source,
      timeoutMs: spec.timeoutMs ?? deps.settings.TASK_TIMEOUT_MS,
      maxAttempts: spec.maxAttempts ?? deps.settings.TASK_MAX_ATTEMPTS,
      createdAt: now,
      chain: [],
    };
  });
  // Routed first and recorded already QUEUED to the chosen agent (one write per task), then queued;
  // the tasks no agent can take yet are recorded PENDING and routed when agents come up.
  const assignments = await deps.control.dispatcher.assign(
    rows.map((r) => ({ id: r.id!, clusterId, targetKind: r.targetKind, targetValue: r.targetValue ?? null, type: r.type, payload: r.payload, sessionKey: r.sessionKey ?? null, timeoutMs: r.timeoutMs, attempts: 0, depth: 0, rootTaskId: null, chain: [] })),
  );
  const agentOf = new Map(assignments.map((a) => [a.task.id, a.agentId]));
  await insertTasks(deps.db, rows, agentOf);
  await deps.control.dispatcher.enqueue(assignments);
  await deps.db.cluster.update({ where: { id: clusterId }, data: { lastActivityAt: now } });
  await deps.events.publish({ type: "tasks.submitted", clusterId, at: now.toISOString(), taskIds: rows.length <= 100 ? rows.map((r) => r.id!) : [] });
  return rows.map((r) => r.id!);
}

/**
 * One INSERT with the rows as a single JSON parameter: for a batch of a thousand tasks this is
 * several times faster than binding thousands of parameters.
 */
async function insertTasks(db: Deps["db"], rows: Prisma.TaskCreateManyInput[], agentOf: Map<string, string>) {
  const json = JSON.stringify(
    rows.map((r) => ({ id: r.id, cluster_id: r.clusterId, target_kind: r.targetKind, target_value: r.targetValue, type: r.type, payload: r.payload, session_key: r.sessionKey, source: r.source, timeout_ms: r.timeoutMs, max_attempts: r.maxAttempts, agent_id: agentOf.get(r.id!) ?? null })),
  );
  await db.$executeRaw`
    INSERT INTO tasks (id, cluster_id, target_kind, target_value, type, payload, session_key, source, timeout_ms, max_attempts, chain, created_at,
      status, agent_id, attempts, routed_at)
    SELECT x.id, x.cluster_id, x.target_kind, x.target_value, x.type, coalesce(x.payload, 'null'::jsonb), x.session_key, x.source, x.timeout_ms, x.max_attempts, '{}', now(),
      (CASE WHEN x.agent_id IS NULL THEN 'PENDING' ELSE 'QUEUED' END)::"TaskStatus", x.agent_id, (CASE WHEN x.agent_id IS NULL THEN 0 ELSE 1 END),
      (CASE WHEN x.agent_id IS NULL THEN NULL ELSE now() END)
    FROM jsonb_to_recordset(${json}::jsonb)
      AS x(id uuid, cluster_id uuid, target_kind text, target_value text, type text, payload jsonb, session_key text, source text, timeout_ms int, max_attempts int, agent_id uuid)`;
}

export async function getTask(deps: Pick<Deps, "db">, id: string) {
  const row = await deps.db.task.findUnique({ where: { id } });
  if (!row) throw notFound("task", id);
  return toTaskDto(row);
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
  const [rows, total] = await Promise.all([
    deps.db.task.findMany({ where, orderBy: { createdAt: "desc" }, take: input.limit, skip: input.offset }),
    deps.db.task.count({ where }),
  ]);
  return { items: rows.map(toTaskDto), total, limit: input.limit, offset: input.offset };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Enough for a page of results; a search is narrowed, not paged through thousands. */
const SEARCH_LIMIT = 1000;

/**
 * An id finds its task; other text is looked for, case-insensitively, in the type, the
 * target, the error and the prompt (a string payload or its `prompt` field).
 */
async function searchTasks(db: Deps["db"], text: string, clusterId: string | undefined): Promise<Prisma.TaskWhereInput> {
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

const FINISHED = new Set(["SUCCEEDED", "FAILED", "CANCELLED"]);

/** The task once it has finished, or as it is after `timeoutMs`. */
export async function waitForTask(deps: Pick<Deps, "db" | "control">, id: string, timeoutMs: number) {
  const waiter = deps.control.waiters.wait(id, timeoutMs);
  const now = await getTask(deps, id).catch((error) => {
    waiter.cancel();
    throw error;
  });
  if (FINISHED.has(now.status)) {
    waiter.cancel();
    return now;
  }
  await waiter.promise;
  return getTask(deps, id);
}

export async function cancelTask(deps: Deps, id: string) {
  const [row] = await deps.db.$queryRaw<Array<{ agent_id: string | null; attempts: number; parent_task_id: string | null; cluster_id: string }>>`
    UPDATE tasks SET status = 'CANCELLED', error = 'cancelled by request', finished_at = now()
    WHERE id = ${id}::uuid AND status IN ('PENDING', 'QUEUED', 'RUNNING')
    RETURNING agent_id, attempts, parent_task_id, cluster_id`;
  if (!row) {
    const task = await getTask(deps, id);
    throw new AppError("CONFLICT", `task ${id} has already finished (${task.status})`);
  }
  if (row.agent_id) {
    // Still waiting in the queue: take it out. Already running: the agent aborts it.
    await deps.control.dispatcher.unqueue(row.agent_id, `${id}-${row.attempts}`);
    await deps.redis.publish(keys.agentControl(row.agent_id), JSON.stringify({ type: "cancel", taskId: id }));
  }
  await announceFinished({ redis: deps.redis, events: deps.events, resultTtlSeconds: deps.settings.RESULT_TTL_SECONDS }, [
    { id, clusterId: row.cluster_id, parentTaskId: row.parent_task_id, agentId: row.agent_id, status: "CANCELLED", error: "cancelled by request" },
  ]);
  return getTask(deps, id);
}
