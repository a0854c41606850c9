/**
 * One metric sample per running cluster, gathered in a few queries and one MGET: task figures
 * over the last minute from PostgreSQL, agent states from their records, and load, CPU and
 * memory from the agents' heartbeats in Redis — for the cluster and for each of its roles.
 */
import { roleOfWork } from "../../domain/scaling/role-work";
import type { Database } from "../../infra/database/client";
import type { Redis } from "../../infra/redis";
import type { Blueprint } from "../../schemas/blueprint";
import type { MetricFigures } from "../../schemas/metrics";
import { readHeartbeats } from "../nodes/heartbeats";

/** One role's share of a sample: the load its own agents carry and the work that waits for it. */
export interface RoleFigures {
  /** Tasks for this role not in an agent's hands: waiting for an agent, or queued at one. */
  queueLength: number;
  /** How long its oldest task has waited for an agent (PENDING), ms; 0 when none waits. */
  oldestWaitMs: number;
  agentsActive: number;
  agentsBusy: number;
  agentsIdle: number;
  /** Task slots of its running agents. */
  capacity: number;
  loadPercent: number;
  /** Its tasks finished in the last minute, and their mean submit → result time (null when none). */
  tasksPerMinute: number;
  avgResponseMs: number | null;
}

export interface ClusterSample {
  clusterId: string;
  at: number;
  figures: MetricFigures;
  /** What the scaler needs beyond the stored figures. */
  capacity: number;
  loadPercent: number;
  /** Per role of the cluster's blueprint, every role included. */
  roles: Record<string, RoleFigures>;
}

interface TaskFigures {
  cluster_id: string;
  unfinished: bigint;
  wait_ms: number | null;
  finished: bigint;
  failed: bigint;
  avg_ms: number | null;
  p95_ms: number | null;
}

interface RoleTaskFigures {
  cluster_id: string;
  role: string | null;
  target_kind: string;
  target_value: string | null;
  unfinished: bigint;
  oldest_wait_ms: number | null;
  finished: bigint;
  avg_ms: number | null;
}

const round = (value: number) => Math.round(value * 10) / 10;
const ALIVE = ["STARTING", "IDLE", "BUSY"];

function emptyRole(): RoleFigures & { inFlight: number; draining: number; avgSum: number; avgCount: number } {
  return {
    queueLength: 0,
    oldestWaitMs: 0,
    agentsActive: 0,
    agentsBusy: 0,
    agentsIdle: 0,
    capacity: 0,
    loadPercent: 0,
    tasksPerMinute: 0,
    avgResponseMs: null,
    inFlight: 0,
    draining: 0,
    avgSum: 0,
    avgCount: 0,
  };
}

export async function collectClusterSamples(
  db: Database,
  redis: Redis,
  clusterIds: readonly string[],
): Promise<ClusterSample[]> {
  if (!clusterIds.length) return [];
  const ids = [...clusterIds];
  const [tasks, roleTasks, agents, clusters] = await Promise.all([
    db.$queryRaw<TaskFigures[]>`
      SELECT cluster_id,
        count(*) FILTER (WHERE status IN ('PENDING', 'QUEUED', 'RUNNING')) AS unfinished,
        avg(extract(epoch FROM started_at - created_at) * 1000) FILTER (WHERE finished_at >= now() - interval '1 minute') AS wait_ms,
        count(*) FILTER (WHERE status IN ('SUCCEEDED', 'FAILED') AND finished_at >= now() - interval '1 minute') AS finished,
        count(*) FILTER (WHERE status = 'FAILED' AND finished_at >= now() - interval '1 minute') AS failed,
        avg(extract(epoch FROM finished_at - created_at) * 1000) FILTER (WHERE status = 'SUCCEEDED' AND finished_at >= now() - interval '1 minute') AS avg_ms,
        percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - created_at) * 1000)
          FILTER (WHERE status = 'SUCCEEDED' AND finished_at >= now() - interval '1 minute') AS p95_ms
      FROM tasks
      WHERE cluster_id = ANY(${ids}::uuid[])
        AND (status IN ('PENDING', 'QUEUED', 'RUNNING') OR finished_at >= now() - interval '1 minute')
      GROUP BY cluster_id`,
    // The role a task is for: the one it names, else its agent's, else the agent's it names;
    // capability and any-agent tasks without an agent keep their target for roleOfWork.
    db.$queryRaw<RoleTaskFigures[]>`
      SELECT cluster_id, role,
        CASE WHEN role IS NULL THEN target_kind ELSE 'role' END AS target_kind,
        CASE WHEN role IS NULL THEN target_value END AS target_value,
        count(*) FILTER (WHERE status IN ('PENDING', 'QUEUED', 'RUNNING')) AS unfinished,
        max(extract(epoch FROM now() - created_at) * 1000) FILTER (WHERE status = 'PENDING') AS oldest_wait_ms,
        count(*) FILTER (WHERE status IN ('SUCCEEDED', 'FAILED') AND finished_at >= now() - interval '1 minute') AS finished,
        avg(extract(epoch FROM finished_at - created_at) * 1000) FILTER (WHERE status = 'SUCCEEDED' AND finished_at >= now() - interval '1 minute') AS avg_ms
      FROM (
        SELECT t.cluster_id, t.status, t.created_at, t.finished_at, t.target_kind, t.target_value,
          COALESCE(CASE WHEN t.target_kind = 'role' THEN t.target_value END, a.role, named.role) AS role
        FROM tasks t
        LEFT JOIN cluster_agents a ON a.id = t.agent_id
        LEFT JOIN cluster_agents named ON named.id = (CASE WHEN t.target_kind = 'agent' AND t.target_value ~* '^[0-9a-f-]{36}$' THEN t.target_value END)::uuid
        WHERE t.cluster_id = ANY(${ids}::uuid[])
          AND (t.status IN ('PENDING', 'QUEUED', 'RUNNING') OR t.finished_at >= now() - interval '1 minute')
      ) AS work
      GROUP BY 1, 2, 3, 4`,
    // Retired agents still draining hold tasks too; they count for the tasks in hand only.
    db.clusterAgent.findMany({
      where: { clusterId: { in: ids }, OR: [{ removedAt: null }, { status: { in: ["STARTING", "IDLE", "BUSY"] } }] },
      select: { id: true, clusterId: true, status: true, role: true, removedAt: true },
    }),
    db.cluster.findMany({
      where: { id: { in: ids } },
      select: { id: true, blueprint: { select: { definition: true } } },
    }),
  ]);
  const beats = await readHeartbeats(
    redis,
    agents.map((a) => a.id),
  );
  const taskFigures = new Map(tasks.map((t) => [t.cluster_id, t]));
  const blueprints = new Map(clusters.map((c) => [c.id, c.blueprint.definition as unknown as Blueprint]));
  const at = Date.now();

  return ids.map((clusterId) => {
    const t = taskFigures.get(clusterId);
    const blueprint = blueprints.get(clusterId);
    const roles = new Map((blueprint?.agents ?? []).map((agent) => [agent.role, emptyRole()]));
    const finished = Number(t?.finished ?? 0);
    let active = 0,
      busy = 0,
      failed = 0,
      capacity = 0,
      inFlight = 0,
      draining = 0,
      cpu = 0,
      memory = 0;
    agents.forEach((agent, i) => {
      if (agent.clusterId !== clusterId) return;
      const beat = beats[i];
      const role = roles.get(agent.role);
      if (agent.removedAt !== null) {
        if (beat && ALIVE.includes(agent.status)) draining += beat.active;
        if (beat && role && ALIVE.includes(agent.status)) role.draining += beat.active;
        return;
      }
      if (agent.status === "FAILED") failed++;
      if (!["IDLE", "BUSY"].includes(agent.status) || !beat) return;
      active++;
      capacity += beat.concurrency;
      inFlight += beat.active;
      if (beat.active > 0) busy++;
      cpu += beat.cpuPercent ?? 0;
      memory += beat.rssMb ?? 0;
      if (role) {
        role.agentsActive++;
        role.capacity += beat.concurrency;
        role.inFlight += beat.active;
        if (beat.active > 0) role.agentsBusy++;
      }
    });
    for (const row of roleTasks) {
      if (row.cluster_id !== clusterId || !blueprint) continue;
      const name = roleOfWork(blueprint, {
        role: row.role,
        targetKind: row.target_kind,
        targetValue: row.target_value,
      });
      const role = name === null ? undefined : roles.get(name);
      if (!role) continue;
      role.queueLength += Number(row.unfinished);
      role.oldestWaitMs = Math.max(role.oldestWaitMs, Math.round(Number(row.oldest_wait_ms ?? 0)));
      role.tasksPerMinute += Number(row.finished);
      if (row.avg_ms !== null) {
        role.avgSum += Number(row.avg_ms) * Number(row.finished);
        role.avgCount += Number(row.finished);
      }
    }
    const perRole = Object.fromEntries(
      [...roles].map(([name, { inFlight: held, draining: drained, avgSum, avgCount, ...role }]) => [
        name,
        {
          ...role,
          // A task stays QUEUED in PostgreSQL while it runs; the heartbeats say how many are in hand.
          queueLength: Math.max(0, role.queueLength - held - drained),
          agentsIdle: role.agentsActive - role.agentsBusy,
          loadPercent: role.capacity ? round((held / role.capacity) * 100) : 0,
          avgResponseMs: avgCount > 0 ? round(avgSum / avgCount) : null,
        },
      ]),
    );
    return {
      clusterId,
      at,
      capacity,
      loadPercent: capacity ? round((inFlight / capacity) * 100) : 0,
      roles: perRole,
      figures: {
        queueLength: Math.max(0, Number(t?.unfinished ?? 0) - inFlight - draining),
        queueWaitMs: round(Number(t?.wait_ms ?? 0)),
        tasksPerMinute: finished,
        avgResponseMs: round(Number(t?.avg_ms ?? 0)),
        p95ResponseMs: round(Number(t?.p95_ms ?? 0)),
        errorRate: finished ? Number(t?.failed ?? 0) / finished : 0,
        agentsActive: active,
        agentsIdle: active - busy,
        agentsBusy: busy,
        agentsFailed: failed,
        cpuPercent: round(cpu),
        memoryMb: round(memory),
      },
    };
  });
}
