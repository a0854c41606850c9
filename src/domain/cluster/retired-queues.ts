/**
 * Which clusters' control queues are watched after the cluster is gone, so a job there fails
 * with the reason instead of waiting for a worker that will never come. Watched: a cluster
 * deleted less than a day ago (agents, scripts and producers that have not heard yet), and any
 * cluster a producer still holds a Redis user for (it can go on adding jobs there for as long as
 * it is not revoked). After that nobody can add jobs to the queue but the server's own Redis user.
 */
export const RETIRED_QUEUE_WATCH_MS = 24 * 60 * 60 * 1000;

export interface GoneCluster {
  id: string;
  /** null: no such cluster was ever recorded (a producer names it). */
  deletedAt: Date | null;
}

export function retiredQueueClusters(input: {
  now: Date;
  live: readonly string[];
  deleted: readonly { id: string; deletedAt: Date }[];
  producerClusterIds: readonly string[];
}): GoneCluster[] {
  const live = new Set(input.live);
  const since = input.now.getTime() - RETIRED_QUEUE_WATCH_MS;
  const named = new Set(input.producerClusterIds);
  const deleted = new Map(input.deleted.map((c) => [c.id, c]));
  const gone = new Map<string, GoneCluster>();
  for (const cluster of deleted.values())
    if (cluster.deletedAt.getTime() >= since || named.has(cluster.id)) gone.set(cluster.id, cluster);
  for (const id of named) if (!deleted.has(id)) gone.set(id, { id, deletedAt: null });
  for (const id of live) gone.delete(id);
  return [...gone.values()];
}

/** Why a job on a gone cluster's queue fails. */
export function goneClusterReason(cluster: GoneCluster): string {
  return cluster.deletedAt
    ? `cluster ${cluster.id} was deleted at ${cluster.deletedAt.toISOString()}`
    : `cluster ${cluster.id} does not exist`;
}
