/** The clusters list's rows: each cluster with its live figures, sortable by any column. */
import type { Cluster, ClusterFigures } from "../../lib/api-types";

export interface ClusterRow {
  cluster: Cluster;
  /** Open tasks, throughput and error rate; absent for a deleted cluster (no figures are kept). */
  figures: ClusterFigures | undefined;
}

export type ClusterSortKey = "name" | "status" | "workers" | "open" | "throughput" | "errors" | "created";
export type ClusterSort = { key: ClusterSortKey; direction: "asc" | "desc" };

export function clusterRows(
  clusters: readonly Cluster[],
  figures: readonly ClusterFigures[] | undefined,
): ClusterRow[] {
  const byId = new Map((figures ?? []).map((entry) => [entry.cluster.id, entry]));
  return clusters.map((cluster) => ({ cluster, figures: byId.get(cluster.id) }));
}

/** A figure that is unknown sorts after every known one, whichever the direction. */
const VALUE: Record<ClusterSortKey, (row: ClusterRow) => string | number | null> = {
  name: (row) => row.cluster.name.toLowerCase(),
  status: (row) => row.cluster.status,
  workers: (row) => row.cluster.currentWorkers,
  open: (row) => row.figures?.tasks.open ?? null,
  throughput: (row) => row.figures?.tasks.perMinute ?? null,
  errors: (row) => row.figures?.tasks.errorRate ?? null,
  created: (row) => row.cluster.createdAt,
};

export function sortClusterRows(rows: readonly ClusterRow[], sort: ClusterSort): ClusterRow[] {
  const value = VALUE[sort.key];
  const sign = sort.direction === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return (x < y ? -1 : x > y ? 1 : 0) * sign || a.cluster.name.localeCompare(b.cluster.name);
  });
}
