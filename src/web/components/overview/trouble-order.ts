/**
 * Clusters in the order an operator should look at them: trouble first. A cluster is in
 * trouble with failed agents, open circuits or one task in ten failing; it wants attention
 * when anything fails at all, agents are (re)starting, or it is between states. Within a
 * level, the worse error rate, then more broken agents, then more open work come first.
 */
import type { ClusterFigures } from "../../lib/api-types";

export type TroubleLevel = "trouble" | "attention" | "fine";

const STEADY = new Set(["ACTIVE", "HIBERNATED", "DESTROYED"]);
const RANK: Record<TroubleLevel, number> = { trouble: 0, attention: 1, fine: 2 };
/** At this share of failed tasks (last 5 minutes) a cluster counts as in trouble. */
export const TROUBLE_ERROR_RATE = 0.1;

export function troubleOf({ cluster, agents, tasks }: ClusterFigures): TroubleLevel {
  const errors = tasks.errorRate ?? 0;
  if (agents.failed > 0 || agents.openCircuits > 0 || errors >= TROUBLE_ERROR_RATE) return "trouble";
  if (errors > 0 || agents.starting > 0 || !STEADY.has(cluster.status)) return "attention";
  return "fine";
}

export function byTrouble(a: ClusterFigures, b: ClusterFigures): number {
  return (
    RANK[troubleOf(a)] - RANK[troubleOf(b)] ||
    (b.tasks.errorRate ?? 0) - (a.tasks.errorRate ?? 0) ||
    b.agents.failed + b.agents.openCircuits - (a.agents.failed + a.agents.openCircuits) ||
    b.tasks.open - a.tasks.open ||
    a.cluster.name.localeCompare(b.cluster.name)
  );
}
