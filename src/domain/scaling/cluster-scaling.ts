import { planRoleCounts, workerBounds } from "@/domain/blueprint/plan-agents";
import type { Blueprint } from "@/schemas/blueprint";
import { decideScaling, type ScalingDecision, type ScalingInput } from "./decide-scaling";
import { resolveScalingPolicy, type ScalingPolicy } from "./scaling-policy";

/** A decision for a blueprint's cluster, with the roles that gain or lose agents. */
export interface ClusterScalingDecision extends ScalingDecision {
  /** Agents added (+) or removed (-) per role; only roles that change. */
  roles: Record<string, number>;
}

/**
 * Per-role change between two sizes, as planRoleCounts deals them. Empty when `from` lies
 * outside the bounds: its agents were not planned from this blueprint, so no plan describes them.
 */
export function roleChanges(blueprint: Blueprint, from: number, to: number): Record<string, number> {
  const bounds = workerBounds(blueprint);
  if (from === to || from < bounds.min || from > bounds.max) return {};
  const before = planRoleCounts(blueprint, from);
  const after = planRoleCounts(blueprint, to);
  return Object.fromEntries(
    Object.entries(after)
      .map(([role, count]) => [role, count - (before[role] ?? 0)] as const)
      .filter(([, change]) => change !== 0),
  );
}

export function formatRoleChanges(roles: Record<string, number>): string {
  return Object.entries(roles)
    .map(([role, change]) => `${role} ${change > 0 ? "+" : ""}${change}`)
    .join(", ");
}

export function decideClusterScaling(
  blueprint: Blueprint,
  state: Pick<ScalingInput, "now" | "target" | "samples" | "lastAction">,
  policy: ScalingPolicy = resolveScalingPolicy(blueprint),
): ClusterScalingDecision {
  const decision = decideScaling({ ...state, bounds: workerBounds(blueprint), policy });
  const roles = roleChanges(blueprint, decision.from, decision.to);
  const named = formatRoleChanges(roles);
  return { ...decision, roles, reason: named ? `${decision.reason} (${named})` : decision.reason };
}
