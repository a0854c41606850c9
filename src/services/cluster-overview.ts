/** Every live cluster with the figures the overview shows: its agents' health and its task flow of the last minutes. */
import type { CoreDeps } from "../core/deps";
import type { ClusterFiguresDto } from "../schemas/system-api";
import { clusterDtoInclude, toClusterDto } from "./cluster-dto";

/** Throughput and error rate are read over this window. */
export const OVERVIEW_WINDOW_MINUTES = 5;

export async function clusterOverview(deps: Pick<CoreDeps, "db">): Promise<ClusterFiguresDto[]> {
  const clusters = await deps.db.cluster.findMany({
    where: { deletedAt: null },
    include: clusterDtoInclude,
    orderBy: { createdAt: "desc" },
    take: 200,
  });
  if (clusters.length === 0) return [];
  const ids = clusters.map((c) => c.id);
  const since = new Date(Date.now() - OVERVIEW_WINDOW_MINUTES * 60_000);
  const [agents, tasks] = await Promise.all([
    deps.db.$queryRaw<
      Array<{
        cluster_id: string;
        total: bigint;
        running: bigint;
        starting: bigint;
        failed: bigint;
        open_circuits: bigint;
      }>
    >`
      SELECT cluster_id, count(*) AS total,
        count(*) FILTER (WHERE status IN ('IDLE', 'BUSY')) AS running,
        count(*) FILTER (WHERE status IN ('PENDING', 'STARTING')) AS starting,
        count(*) FILTER (WHERE status = 'FAILED') AS failed,
        count(*) FILTER (WHERE circuit_state <> 'closed') AS open_circuits
      FROM cluster_agents WHERE cluster_id = ANY(${ids}::uuid[]) AND removed_at IS NULL GROUP BY cluster_id`,
    deps.db.$queryRaw<Array<{ cluster_id: string; open: bigint; succeeded: bigint; failed: bigint }>>`
      SELECT cluster_id,
        count(*) FILTER (WHERE status IN ('AWAITING_APPROVAL', 'PENDING', 'QUEUED', 'RUNNING')) AS open,
        count(*) FILTER (WHERE status = 'SUCCEEDED' AND finished_at >= ${since}) AS succeeded,
        count(*) FILTER (WHERE status = 'FAILED' AND finished_at >= ${since}) AS failed
      FROM tasks WHERE cluster_id = ANY(${ids}::uuid[]) AND (status IN ('AWAITING_APPROVAL', 'PENDING', 'QUEUED', 'RUNNING') OR finished_at >= ${since})
      GROUP BY cluster_id`,
  ]);
  const agentsOf = new Map(agents.map((row) => [row.cluster_id, row]));
  const tasksOf = new Map(tasks.map((row) => [row.cluster_id, row]));
  return clusters.map((cluster) => {
    const a = agentsOf.get(cluster.id);
    const t = tasksOf.get(cluster.id);
    const succeeded = Number(t?.succeeded ?? 0);
    const failed = Number(t?.failed ?? 0);
    return {
      cluster: toClusterDto(cluster),
      agents: {
        total: Number(a?.total ?? 0),
        running: Number(a?.running ?? 0),
        starting: Number(a?.starting ?? 0),
        failed: Number(a?.failed ?? 0),
        openCircuits: Number(a?.open_circuits ?? 0),
      },
      tasks: {
        open: Number(t?.open ?? 0),
        perMinute: Math.round(((succeeded + failed) / OVERVIEW_WINDOW_MINUTES) * 10) / 10,
        errorRate: succeeded + failed === 0 ? null : failed / (succeeded + failed),
      },
    };
  });
}
