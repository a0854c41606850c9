/**
 * Whether a waiting task can ever be taken by an agent of its cluster, and if not, why. A
 * task for a role the cluster's blueprint does not have (or allows no agent of), for a
 * capability no role and no live agent has, or for an agent that was removed, would wait
 * forever: it fails with the reason instead. A role merely scaled to zero is not such a case:
 * it can grow again.
 */
export interface RoutingFacts {
  /** The most agents each role of the blueprint may have. */
  roleMaxima: ReadonlyMap<string, number>;
  /** Capabilities of the blueprint's roles that may have agents, and of live hand-added agents. */
  capabilities: ReadonlySet<string>;
  /** Agents of the cluster not removed. */
  liveAgentIds: ReadonlySet<string>;
}

export interface WaitingTask {
  targetKind: string;
  targetValue: string | null;
}

export function whyUnroutable(task: WaitingTask, facts: RoutingFacts): string | null {
  const value = task.targetValue ?? "";
  switch (task.targetKind) {
    case "role": {
      const max = facts.roleMaxima.get(value);
      if (max === undefined) return `no agent can take it: the cluster has no role "${value}"`;
      return max === 0 ? `no agent can take it: the cluster allows no agent of role "${value}"` : null;
    }
    case "capability":
      return facts.capabilities.has(value)
        ? null
        : `no agent can take it: no role of the cluster has the capability "${value}"`;
    case "agent":
      return facts.liveAgentIds.has(value) ? null : `no agent can take it: agent ${value} was removed from the cluster`;
    default:
      return [...facts.roleMaxima.values()].some((max) => max > 0)
        ? null
        : "no agent can take it: the cluster allows no agents";
  }
}
