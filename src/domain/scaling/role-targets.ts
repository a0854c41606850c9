import { planRoleCounts, roleRanges, type WorkerBounds } from "@/domain/blueprint/plan-agents";
import { jsonPointer } from "@/domain/input/json-pointer";
import type { Blueprint } from "@/schemas/blueprint";

/**
 * A cluster's desired size per role. The scaler and a person both change these counts; the
 * plan (planAgentsFor) turns them into agents. Pure.
 */

/** Planned agents per role; a role left out has none. */
export type RoleCounts = Record<string, number>;

export interface RoleCountIssue {
  /** Where the request went wrong, e.g. "roles.analyst". */
  path: string;
  message: string;
}

export function sumCounts(counts: Readonly<RoleCounts>): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** Every role of the blueprint, in its order, with 0 for roles left out. */
export function completeRoleCounts(blueprint: Blueprint, counts: Readonly<RoleCounts>): RoleCounts {
  return Object.fromEntries(blueprint.agents.map((agent) => [agent.role, counts[agent.role] ?? 0]));
}

/**
 * Why these counts cannot be planned: a role the blueprint lacks, a count outside the role's
 * range, a role with agents whose manager role has none, a total outside `bounds`. Empty when
 * they can.
 */
export function checkRoleCounts(
  blueprint: Blueprint,
  counts: Readonly<RoleCounts>,
  bounds: WorkerBounds,
  path = "/roles",
): RoleCountIssue[] {
  const ranges = roleRanges(blueprint);
  const issues: RoleCountIssue[] = [];
  for (const [role, n] of Object.entries(counts)) {
    const range = ranges[role];
    if (!range) {
      issues.push({
        path: `${path}${jsonPointer([role])}`,
        message: `no role "${role}" in this blueprint; roles: ${Object.keys(ranges).join(", ")}`,
      });
    } else if (!Number.isInteger(n) || n < range.min || n > range.max) {
      const allowed = range.min === range.max ? `exactly ${range.min}` : `between ${range.min} and ${range.max}`;
      issues.push({ path: `${path}${jsonPointer([role])}`, message: `${role} may have ${allowed} agents, got ${n}` });
    }
  }
  if (issues.length) return issues;
  for (const agent of blueprint.agents) {
    const manager = agent.reports_to;
    if (manager !== undefined && (counts[agent.role] ?? 0) > 0 && (counts[manager] ?? 0) === 0) {
      issues.push({
        path: `${path}${jsonPointer([manager])}`,
        message: `${agent.role} reports to ${manager}, which would have no agent; keep at least one ${manager}`,
      });
    }
  }
  const total = sumCounts(counts);
  if (total < bounds.min || total > bounds.max) {
    issues.push({
      path,
      message: `the roles add up to ${total} agents; this cluster allows ${bounds.min} to ${bounds.max}`,
    });
  }
  return issues;
}

/**
 * Counts for a new total with the fewest changes: growing only adds to the roles below the
 * blueprint's plan for that total (in blueprint order), shrinking only takes from the roles
 * above it (last role first). From a planned state this gives exactly the plan, and roles the
 * scaler grew are not torn down by a person changing the total.
 */
export function rebalanceRoleCounts(blueprint: Blueprint, current: Readonly<RoleCounts>, total: number): RoleCounts {
  const ideal = planRoleCounts(blueprint, total);
  const counts = completeRoleCounts(blueprint, current);
  const roles = blueprint.agents.map((agent) => agent.role);
  let gap = total - sumCounts(counts);
  // The sum of the deficits (or excesses) is at least the gap, so one pass closes it.
  for (const role of gap > 0 ? roles : [...roles].reverse()) {
    if (gap === 0) break;
    const have = counts[role] ?? 0;
    const want = ideal[role] ?? 0;
    const move = gap > 0 ? Math.min(gap, Math.max(0, want - have)) : -Math.min(-gap, Math.max(0, have - want));
    counts[role] = have + move;
    gap -= move;
  }
  return counts;
}

/** Agents added (+) or removed (-) per role; only roles that change. */
export function roleCountChanges(before: Readonly<RoleCounts>, after: Readonly<RoleCounts>): Record<string, number> {
  const roles = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return Object.fromEntries(
    roles.map((role) => [role, (after[role] ?? 0) - (before[role] ?? 0)] as const).filter(([, change]) => change !== 0),
  );
}

export function formatRoleChanges(changes: Readonly<Record<string, number>>): string {
  return Object.entries(changes)
    .map(([role, change]) => `${role} ${change > 0 ? "+" : ""}${change}`)
    .join(", ");
}
