/**
 * One metric sample per running cluster, gathered in two queries and one MGET: task figures
 * over the last minute from PostgreSQL, agent states from their records, and load, CPU and
 * memory from the agents' heartbeats in Redis.
 */
import type { Database } from "../infra/database/client";
import type { Redis } from "../infra/redis";
import type { MetricFigures } from "../schemas/metrics";
import { readHeartbeats } from "./heartbeats";

export interface ClusterSample {
  clusterId: string;
  at: number;
  figures: MetricFigures;
  /** What the scaler needs beyond the stored figures. */
  capacity: number;
  loadPercent: number;
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

const round = (value: number) => Math.round(value * 10) / 10;

export async function collectClusterSamples(db: Database, redis: Redis, clusterIds: readonly string[]): Promise<ClusterSample[]> {
  if (!clusterIds.length) return [];
  const ids = [...clusterIds];
  const [tasks, agents] = await Promise.all([
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
    db.clusterAgent.findMany({ where: { clusterId: { in: ids }, removedAt: null }, select: { id: true, clusterId: true, status: true } }),
  ]);
  const beats = await readHeartbeats(redis, agents.map((a) => a.id));
  const taskFigures = new Map(tasks.map((t) => [t.cluster_id, t]));
  const at = Date.now();

  return ids.map((clusterId) => {
    const t = taskFigures.get(clusterId);
    const finished = Number(t?.finished ?? 0);
    let active = 0, busy = 0, failed = 0, capacity = 0, inFlight = 0, cpu = 0, memory = 0;
    agents.forEach((agent, i) => {
      if (agent.clusterId !== clusterId) return;
      if (agent.status === "FAILED") failed++;
      const beat = beats[i];
      if (!["IDLE", "BUSY"].includes(agent.status) || !beat) return;
      active++;
      capacity += beat.concurrency;
      inFlight += beat.active;
      if (beat.active > 0) busy++;
      cpu += beat.cpuPercent ?? 0;
      memory += beat.rssMb ?? 0;
    });
    return {
      clusterId,
      at,
      capacity,
      loadPercent: capacity ? round((inFlight / capacity) * 100) : 0,
      figures: {
        // A task stays QUEUED in PostgreSQL while it runs; the heartbeats say how many are in hand.
        queueLength: Math.max(0, Number(t?.unfinished ?? 0) - inFlight),
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
