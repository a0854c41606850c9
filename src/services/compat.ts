/**
 * The compatibility aliases' use cases: each calls the service its Myzel operation calls and
 * renames the fields a script of the original self-healing cluster design reads. Nothing
 * here decides anything of its own beyond which cluster a path without one means.
 */
import type { z } from "zod";
import type { AppDeps } from "../core/deps";
import { pickCluster } from "../domain/cluster/pick-cluster";
import type { compatSubmitInput } from "../schemas/compat-api";
import type { TaskDto } from "../schemas/task-api";
import { agentMetrics, getMetrics, listAgents } from "./agents";
import { AppError } from "./app-error";
import { getCluster } from "./clusters";
import { listHealingEvents } from "./healing";
import { systemHealth } from "./system-health";
import { getTask, submitTasks } from "./tasks";

type Deps = AppDeps;

/** The cluster named, else the only one that is not deleted or being deleted. */
export async function aliasCluster(deps: Pick<Deps, "db">, named?: string): Promise<string> {
  if (named !== undefined) return named;
  const live = await deps.db.cluster.findMany({
    where: { deletedAt: null, status: { not: "DESTROYING" } },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
  });
  const pick = pickCluster(live, named);
  if (pick.ok) return pick.id;
  if (pick.reason === "none")
    throw new AppError("NOT_FOUND", "no cluster exists; create one from a blueprint first (POST /api/clusters)");
  throw new AppError(
    "CONFLICT",
    `${pick.clusters.length} clusters exist (${pick.clusters.map((c) => `${c.name}: ${c.id}`).join(", ")}); pass ?clusterId= to say which`,
    [{ path: "/clusterId", message: "required while several clusters exist" }],
  );
}

export async function aliasStatus(deps: Deps, named?: string) {
  const id = await aliasCluster(deps, named);
  const [cluster, agents] = await Promise.all([getCluster(deps, id), listAgents(deps, { id, includeRemoved: false })]);
  return {
    cluster_id: cluster.id,
    name: cluster.name,
    status: cluster.status,
    running: cluster.status === "ACTIVE",
    total_workers: agents.length,
    healthy_workers: agents.filter((a) => a.status === "IDLE" || a.status === "BUSY").length,
    workers: agents.map((a) => ({
      worker_id: a.key,
      agent_type: a.role,
      status: a.status,
      pid: a.pid,
      restarts: a.restartCount,
    })),
    cluster,
  };
}

export async function aliasSubmit(deps: Deps, input: z.infer<typeof compatSubmitInput>, source: string) {
  const id = await aliasCluster(deps, input.clusterId);
  const [taskId] = await submitTasks(
    deps,
    id,
    [{ role: input.agent_type, type: "task", payload: input.description }],
    source,
  ).catch((error) => {
    // The caller named agent_type, not role: point the refusal at what it sent.
    if (error instanceof AppError)
      throw new AppError(
        error.code,
        error.message,
        error.issues.map((issue) => (issue.path === "/role" ? { ...issue, path: "/agent_type" } : issue)),
      );
    throw error;
  });
  return aliasTask(deps, taskId!);
}

export async function aliasTask(deps: Pick<Deps, "db">, taskId: string) {
  return asSeedTask(await getTask(deps, taskId));
}

function asSeedTask(task: TaskDto) {
  return {
    task_id: task.id,
    status: task.status,
    agent_type: task.target.kind === "role" ? task.target.value : null,
    result: task.result,
    error: task.error,
    task,
  };
}

export async function aliasLiveAgents(deps: Deps, named?: string) {
  const id = await aliasCluster(deps, named);
  const [agents, figures] = await Promise.all([
    listAgents(deps, { id, includeRemoved: false }),
    agentMetrics(deps, id),
  ]);
  const byId = new Map(figures.map((f) => [f.agentId, f]));
  return {
    cluster_id: id,
    total: agents.length,
    agents: agents.map((a) => {
      const f = byId.get(a.id);
      return {
        worker_id: a.key,
        agent_type: a.role,
        status: a.status,
        pid: a.pid,
        restarts: a.restartCount,
        tasks_completed: f?.tasksCompleted ?? 0,
        errors: f?.tasksFailed ?? 0,
        uptime: f?.uptimeSeconds ?? 0,
        alive: f?.alive ?? false,
      };
    }),
  };
}

export async function aliasHealingHistory(deps: Pick<Deps, "db">, limit: number) {
  const page = await listHealingEvents(deps, { limit });
  return { total: page.total, history: page.items };
}

export async function aliasMetrics(deps: Deps, named?: string) {
  const id = await aliasCluster(deps, named);
  const [system, metrics] = await Promise.all([systemHealth(deps), getMetrics(deps, { id, limit: 1 })]);
  return { cluster_id: id, system, workers: metrics.perAgent, roles: metrics.roles };
}
