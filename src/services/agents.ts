/** A cluster's agents: list, add one by hand under a manager, the hierarchy tree, metrics. */
import type { z } from "zod";
import type { CoreDeps } from "../core/deps";
import { collectClusterSamples } from "../core/metrics/cluster-samples";
import { readHeartbeats } from "../core/nodes/heartbeats";
import { agentSpecOf } from "../domain/blueprint/plan-agents";
import { resolveTier } from "../domain/blueprint/validate-blueprint";
import { buildHierarchy } from "../domain/cluster/hierarchy";
import { addAgentRefusal } from "../domain/cluster/worker-limits";
import type { IfMatch } from "../domain/http/etag";
import type { AgentDto, agentAddInput, agentListInput, HierarchyNodeDto, metricsInput } from "../schemas/cluster-api";
import { AGENT_TIERS } from "../schemas/cluster-api";
import { AppError } from "./app-error";
import { blueprintOf } from "./blueprints";
import { roleTargetsOf, toAgentDto } from "./cluster-dto";
import { changeDesiredState, checkIfMatch } from "./cluster-lifecycle";
import { findCluster, lockCluster } from "./clusters";

export async function listAgents(deps: Pick<CoreDeps, "db">, input: z.infer<typeof agentListInput>) {
  await findCluster(deps.db, input.id);
  const rows = await deps.db.clusterAgent.findMany({
    where: {
      clusterId: input.id,
      ...(input.includeRemoved ? {} : { removedAt: null }),
      ...(input.role ? { role: input.role } : {}),
      ...(input.status ? { status: input.status } : {}),
    },
    orderBy: [{ createdAt: "asc" }, { agentKey: "asc" }],
  });
  return rows.map(toAgentDto);
}

export async function getHierarchy(deps: Pick<CoreDeps, "db">, clusterId: string) {
  const agents = await listAgents(deps, { id: clusterId, includeRemoved: false });
  const roots = buildHierarchy(agents) as HierarchyNodeDto[];
  return { clusterId, agentCount: agents.length, roots };
}

const tierRank = (tier: string) => AGENT_TIERS.indexOf(tier as (typeof AGENT_TIERS)[number]);

export async function addAgent(
  deps: Pick<CoreDeps, "db" | "events" | "requestReconcile">,
  input: z.infer<typeof agentAddInput>,
  condition?: IfMatch,
): Promise<AgentDto> {
  const created = await deps.db.$transaction(async (tx) => {
    const cluster = await lockCluster(tx, input.id);
    checkIfMatch(cluster, condition);
    if (cluster.status !== "ACTIVE")
      throw new AppError("CONFLICT", `agents can be added to an ACTIVE cluster; this one is ${cluster.status}`);
    const blueprint = blueprintOf(cluster.blueprint);
    const role = blueprint.agents.find((a) => a.role === input.role);
    if (!role) {
      throw new AppError(
        "UNPROCESSABLE_CONTENT",
        `role "${input.role}" is not in blueprint ${cluster.blueprint.blueprintId}; roles: ${blueprint.agents.map((a) => a.role).join(", ")}`,
        [{ path: "/role", message: "unknown role" }],
      );
    }
    const live = await tx.clusterAgent.count({ where: { clusterId: cluster.id, removedAt: null } });
    const full = addAgentRefusal(live, cluster.maxWorkers, blueprint.cluster.max_workers);
    if (full) throw new AppError("CONFLICT", full);
    const tier = resolveTier(role, blueprint.agents);
    const manager = input.reportsToId
      ? await tx.clusterAgent.findFirst({ where: { id: input.reportsToId, clusterId: cluster.id, removedAt: null } })
      : await leastLoadedAgentOfRole(tx, cluster.id, role.reports_to);
    if (input.reportsToId && !manager) {
      throw new AppError("UNPROCESSABLE_CONTENT", `agent ${input.reportsToId} is not an active agent of this cluster`, [
        { path: "/reportsToId", message: "unknown agent" },
      ]);
    }
    if (manager && tierRank(manager.tier) > tierRank(tier)) {
      throw new AppError("UNPROCESSABLE_CONTENT", `a ${tier} cannot report to a ${manager.tier}`, [
        { path: "/reportsToId", message: "manager ranks below the new agent" },
      ]);
    }
    if (!manager && role.reports_to) {
      throw new AppError("CONFLICT", `role ${role.role} reports to ${role.reports_to}, which has no active agent`);
    }
    const sameRole = await tx.clusterAgent.count({
      where: { clusterId: cluster.id, role: role.role, addedManually: true },
    });
    // An agent added by hand is part of what the cluster should be: a new version.
    await changeDesiredState(tx, cluster, condition, {}, "agent added by hand");
    const agent = await tx.clusterAgent.create({
      data: {
        clusterId: cluster.id,
        agentKey: `${role.role}-manual-${sameRole + 1}`,
        role: role.role,
        tier,
        name: input.name ?? `${role.name} (manual ${sameRole + 1})`,
        capabilities: input.capabilities ?? role.capabilities,
        reportsToId: manager?.id ?? null,
        addedManually: true,
        spec: agentSpecOf(role) as object,
      },
    });
    return agent;
  });
  await deps.events.publish({
    type: "cluster.agents",
    clusterId: input.id,
    at: new Date().toISOString(),
    added: 1,
    removed: 0,
  });
  deps.requestReconcile();
  return toAgentDto(created);
}

async function leastLoadedAgentOfRole(
  tx: Parameters<typeof findCluster>[0],
  clusterId: string,
  role: string | undefined,
) {
  if (!role) return null;
  const candidates = await tx.clusterAgent.findMany({
    where: { clusterId, role, removedAt: null },
    include: { _count: { select: { subordinates: { where: { removedAt: null } } } } },
    orderBy: { agentKey: "asc" },
  });
  candidates.sort((a, b) => a._count.subordinates - b._count.subordinates);
  return candidates[0] ?? null;
}

export async function getMetrics(deps: Pick<CoreDeps, "db" | "redis">, input: z.infer<typeof metricsInput>) {
  const cluster = await findCluster(deps.db, input.id);
  const [samples, byStatus, perAgent, [now]] = await Promise.all([
    deps.db.clusterMetric.findMany({
      where: { clusterId: input.id, ...(input.since ? { sampledAt: { gte: new Date(input.since) } } : {}) },
      orderBy: { sampledAt: "desc" },
      take: input.limit,
    }),
    deps.db.clusterAgent.groupBy({ by: ["status"], where: { clusterId: input.id, removedAt: null }, _count: true }),
    agentMetrics(deps, input.id),
    collectClusterSamples(deps.db, deps.redis, [input.id]),
  ]);
  const targets = roleTargetsOf(cluster, blueprintOf(cluster.blueprint));
  return {
    clusterId: input.id,
    agents: Object.fromEntries(byStatus.map((row) => [row.status, row._count])),
    roles: Object.entries(targets).map(([role, target]) => {
      const figures = now?.roles[role];
      return {
        role,
        target,
        running: figures?.agentsActive ?? 0,
        waiting: figures?.queueLength ?? 0,
        oldestWaitMs: figures?.oldestWaitMs ?? 0,
      };
    }),
    perAgent,
    samples: samples
      .reverse()
      .map(({ id: _id, clusterId: _c, sampledAt, ...figures }) => ({ sampledAt: sampledAt.toISOString(), ...figures })),
  };
}

/** Per agent (cluster-manager-api.md): tasks sent, completed, failed, response times, success rate, uptime, restarts, load. */
export async function agentMetrics(deps: Pick<CoreDeps, "db" | "redis">, clusterId: string) {
  const agents = await deps.db.clusterAgent.findMany({
    where: { clusterId, removedAt: null },
    orderBy: { agentKey: "asc" },
  });
  const figures = await deps.db.$queryRaw<
    Array<{
      agent_id: string;
      sent: bigint;
      completed: bigint;
      failed: bigint;
      avg_ms: number | null;
      p95_ms: number | null;
    }>
  >`
    SELECT agent_id, count(*) AS sent,
      count(*) FILTER (WHERE status = 'SUCCEEDED') AS completed,
      count(*) FILTER (WHERE status = 'FAILED') AS failed,
      avg(extract(epoch FROM finished_at - started_at) * 1000) FILTER (WHERE status = 'SUCCEEDED') AS avg_ms,
      percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - started_at) * 1000) FILTER (WHERE status = 'SUCCEEDED') AS p95_ms
    FROM tasks WHERE cluster_id = ${clusterId}::uuid AND agent_id IS NOT NULL GROUP BY agent_id`;
  const byAgent = new Map(figures.map((f) => [f.agent_id, f]));
  const beats = await readHeartbeats(
    deps.redis,
    agents.map((a) => a.id),
  );
  const now = Date.now();
  return agents.map((agent, i) => {
    const f = byAgent.get(agent.id);
    const beat = beats[i];
    const sent = Number(f?.sent ?? 0);
    const completed = Number(f?.completed ?? 0);
    const failed = Number(f?.failed ?? 0);
    return {
      agentId: agent.id,
      key: agent.agentKey,
      tasksSent: sent,
      tasksCompleted: completed,
      tasksFailed: failed,
      avgResponseMs: f?.avg_ms === null || f?.avg_ms === undefined ? null : Math.round(Number(f.avg_ms) * 10) / 10,
      p95ResponseMs: f?.p95_ms === null || f?.p95_ms === undefined ? null : Math.round(Number(f.p95_ms) * 10) / 10,
      successRate: completed + failed === 0 ? null : completed / (completed + failed),
      uptimeSeconds:
        agent.startedAt && ["IDLE", "BUSY"].includes(agent.status)
          ? Math.round((now - agent.startedAt.getTime()) / 1000)
          : 0,
      restartCount: agent.restartCount,
      activeTasks: beat?.active ?? 0,
      load: beat ? beat.active / Math.max(1, beat.concurrency) : 0,
      alive: !!beat,
    };
  });
}
