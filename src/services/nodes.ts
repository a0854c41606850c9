/** The node list: each runner node with its heartbeat figures, marks, agents by cluster and failovers. */
import type { CoreDeps } from "../core/deps";
import { liveNodes } from "../core/nodes/node-registry";
import { nodeState } from "../domain/placement/node-state";
import type { Node } from "../generated/prisma/client";
import type { NodeDto } from "../schemas/node-api";
import { nodeLabelsSchema } from "../schemas/node-labels";
import { notFound } from "./app-error";

type Deps = Pick<CoreDeps, "db" | "redis">;

/** Live nodes, and lost ones until they come back or are removed (a runner stopped cleanly leaves the list). */
export async function listNodes(deps: Deps): Promise<NodeDto[]> {
  const live = await liveNodes(deps.redis);
  const rows = await deps.db.node.findMany({
    where: { OR: [{ id: { in: live.map((n) => n.id) } }, { lostAt: { not: null } }] },
    orderBy: { id: "asc" },
  });
  return toDtos(deps, rows, live);
}

export async function getNode(deps: Deps, id: string): Promise<NodeDto> {
  const row = await deps.db.node.findUnique({ where: { id } });
  if (!row) throw notFound("node", id);
  const [dto] = await toDtos(deps, [row], await liveNodes(deps.redis));
  return dto!;
}

async function toDtos(deps: Deps, rows: Node[], live: Awaited<ReturnType<typeof liveNodes>>): Promise<NodeDto[]> {
  const counts = await deps.db.clusterAgent.groupBy({
    by: ["nodeId", "clusterId"],
    where: { nodeId: { in: rows.map((r) => r.id) }, removedAt: null, status: { in: ["STARTING", "IDLE", "BUSY"] } },
    _count: { _all: true },
  });
  const clusters = await deps.db.cluster.findMany({
    where: { id: { in: [...new Set(counts.map((c) => c.clusterId))] } },
    select: { id: true, name: true },
  });
  const nameOf = new Map(clusters.map((c) => [c.id, c.name]));
  return rows.map((row) => {
    const beat = live.find((n) => n.id === row.id);
    const labels = nodeLabelsSchema.safeParse(row.labels);
    return {
      id: row.id,
      hostname: row.hostname,
      address: row.address,
      labels: labels.success ? labels.data : {},
      state: nodeState({ live: Boolean(beat), cordoned: row.cordoned, drainingAt: row.drainingAt }),
      capacity: beat?.capacity ?? row.capacity,
      running: beat?.running ?? 0,
      agents: counts
        .filter((c) => c.nodeId === row.id)
        .map((c) => ({
          clusterId: c.clusterId,
          clusterName: nameOf.get(c.clusterId) ?? c.clusterId,
          count: c._count._all,
        })),
      cpuPercent: beat?.cpuPercent ?? null,
      memoryUsedMb: beat?.memoryUsedMb ?? null,
      memoryTotalMb: beat?.memoryTotalMb ?? null,
      lastHeartbeatAt: beat ? new Date(beat.at).toISOString() : null,
      startedAt: row.startedAt.toISOString(),
      drainingSince: row.drainingAt?.toISOString() ?? null,
      lostAt: row.lostAt?.toISOString() ?? null,
      failovers: row.failovers,
      lastFailoverMs: row.lastFailoverMs,
    };
  });
}
