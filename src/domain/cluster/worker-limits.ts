/**
 * The blueprint's `max_workers` is the outer bound of every cluster made from it: an operator
 * may narrow a cluster's range and add agents by hand, but never past what the blueprint's
 * author (an admin) allowed, since each agent is a process on Myzel's hosts.
 */
export interface LimitRefusal {
  path: string;
  message: string;
}

export interface RangeChange {
  /** The range after the change (unchanged ends keep the cluster's values). */
  minWorkers: number;
  maxWorkers: number;
  /** Which ends the request sets. */
  setsMin: boolean;
  setsMax: boolean;
}

/**
 * Why a new worker range for a cluster running `target` workers is refused (a summary and
 * the field at fault), or null: min above max, a max past the blueprint's, or a range that
 * would exclude the current size.
 */
export function rangeRefusal(
  range: RangeChange,
  target: number,
  blueprintMax: number,
): { summary: string; issue: LimitRefusal } | null {
  const { minWorkers: min, maxWorkers: max } = range;
  if (min > max) {
    const summary = `minWorkers (${min}) must not exceed maxWorkers (${max})`;
    return { summary, issue: { path: "/minWorkers", message: "greater than maxWorkers" } };
  }
  if (range.setsMax && max > blueprintMax) {
    const message = `must be at most ${blueprintMax}, the blueprint's max_workers`;
    return { summary: `maxWorkers ${message}`, issue: { path: "/maxWorkers", message } };
  }
  if (target < min || target > max) {
    const path = range.setsMin && target < min ? "/minWorkers" : "/maxWorkers";
    const summary = `the cluster runs ${target} workers, outside ${min}-${max}; scale it first`;
    return { summary, issue: { path, message: "excludes the current size" } };
  }
  return null;
}

/** Why one more agent may not join a cluster that has `live` agents, or null when it may. */
export function addAgentRefusal(live: number, clusterMax: number, blueprintMax: number): string | null {
  if (live < Math.min(clusterMax, blueprintMax)) return null;
  return blueprintMax <= clusterMax
    ? `the cluster has ${live} agents, the blueprint's max_workers of ${blueprintMax}`
    : `the cluster is at its maximum of ${clusterMax} workers`;
}
