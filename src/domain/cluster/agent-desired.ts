/** Whether an agent should have a running process, from its cluster's status and its own record. */
import type { ClusterStatus } from "./lifecycle";

/** Statuses in which a cluster's (non-removed) agents run. */
export const RUNNING_CLUSTER_STATUSES: readonly ClusterStatus[] = ["SPAWNING", "ACTIVE", "SCALING_UP", "SCALING_DOWN"];

export function shouldRun(agent: { removedAt: Date | null }, clusterStatus: ClusterStatus): boolean {
  return agent.removedAt === null && RUNNING_CLUSTER_STATUSES.includes(clusterStatus);
}
