import { roleRanges, type WorkerBounds } from "@/domain/blueprint/plan-agents";
import type { Blueprint } from "@/schemas/blueprint";
import { decideScaling, type ScalingAction, type ScalingDecision } from "./decide-scaling";
import { completeRoleCounts, formatRoleChanges, type RoleCounts, roleCountChanges, sumCounts } from "./role-targets";
import type { ScalingPolicy } from "./scaling-policy";
import { type ScalingSample, type ScalingTrigger, summarize } from "./scaling-signals";

/**
 * Scaling per role: each role with a range count is judged by its own load (tasks waiting for
 * it, its agents' load and idle share, its response times) with the cluster's policy, so a
 * cluster shrinks the roles that sit idle and keeps the one that carries the traffic. The
 * roles' wishes are then fitted together: the cluster's total bounds, the free agent slots, and
 * the hierarchy (a role with agents keeps an agent in its manager role). Pure.
 *
 * A role at zero agents with work waiting gets one agent at once — on every sample, not only
 * when a scale interval has passed, and regardless of thresholds and cool-downs — because
 * without it that work can never start.
 */

export interface RoleScalingInput {
  now: number;
  blueprint: Blueprint;
  policy: ScalingPolicy;
  /** Planned agents per role now. */
  targets: Readonly<RoleCounts>;
  /** Planned agents allowed in total (the cluster's bounds less the agents added by hand). */
  bounds: WorkerBounds;
  /** Each role's samples, oldest first (see decideScaling). */
  samples: Readonly<Record<string, readonly ScalingSample[]>>;
  /** Each role's last applied change. */
  lastActions: Readonly<Record<string, ScalingAction>>;
  /** Agent slots free on the live nodes; growth beyond them waits. */
  freeSlots: number;
  /** False between scale intervals: then only roles at zero with work waiting move. */
  full: boolean;
}

export interface RoleDecision extends ScalingDecision {
  role: string;
  /** The role had no agent and work waited for it. */
  fromZero: boolean;
}

export interface RoleScalingDecision {
  /** "up" when any role grows (others may shrink in the same change), "down" when roles only shrink. */
  direction: "up" | "down" | "none";
  /** Planned agents in total before and after. */
  from: number;
  to: number;
  /** Planned agents per role after the decision (every role of the blueprint). */
  counts: RoleCounts;
  /** Agents added (+) or removed (-) per role; only roles that change. */
  changes: Record<string, number>;
  /** The decision of every role that was judged, as fitted together. */
  roles: RoleDecision[];
  reason: string;
  trigger?: ScalingTrigger;
  observed?: string;
  /** Some role at zero agents got one because work waited for it. */
  fromZero: boolean;
}

/** A role at zero with work waiting, judged on every sample. */
export function needsFirstAgent(target: number, samples: readonly ScalingSample[] | undefined): boolean {
  return target === 0 && (samples?.at(-1)?.queueLength ?? 0) > 0;
}

export function decideRoleScaling(input: RoleScalingInput): RoleScalingDecision {
  const { blueprint, targets } = input;
  const ranges = roleRanges(blueprint);
  const before = completeRoleCounts(blueprint, targets);
  const decisions: RoleDecision[] = [];
  for (const agent of blueprint.agents) {
    const role = agent.role;
    const range = ranges[role]!;
    if (range.min === range.max) continue; // a fixed count is not the scaler's to move
    const target = before[role] ?? 0;
    const samples = input.samples[role] ?? [];
    if (needsFirstAgent(target, samples)) {
      const waiting = samples.at(-1)!.queueLength;
      const reason = `${waiting} ${waiting === 1 ? "task waits" : "tasks wait"} for ${role}, which has no agent: 0 → 1 agents`;
      decisions.push({
        role,
        fromZero: true,
        direction: "up",
        from: 0,
        to: 1,
        delta: 1,
        reason,
        trigger: "queue_length",
        observed: summarize(samples.at(-1)!),
      });
    } else if (input.full) {
      const decision = decideScaling({
        now: input.now,
        target,
        bounds: range,
        policy: input.policy,
        samples,
        lastAction: input.lastActions[role] ?? null,
      });
      decisions.push({ ...decision, role, fromZero: false });
    }
  }

  const counts = { ...before };
  fitShrinks(decisions, counts, input.bounds.min);
  fitGrowth(decisions, counts, blueprint, input.bounds.max, input.freeSlots);
  keepManagers(decisions, counts, blueprint);
  return combine(decisions, before, counts);
}

/** Shrinks as wished while the total stays at or above the minimum; the last roles give way first. */
function fitShrinks(decisions: RoleDecision[], counts: RoleCounts, min: number) {
  for (const decision of [...decisions].reverse()) {
    if (decision.direction !== "down") continue;
    const room = sumCounts(counts) - min;
    const take = Math.min(-decision.delta, room);
    if (take < -decision.delta) {
      limit(decision, decision.from - take, `the cluster's minimum of ${min} agents`);
    }
    counts[decision.role] = decision.to;
  }
}

/**
 * Growth in order of need: roles at zero first, then the biggest wish. A role whose manager
 * role has no agent brings one along. Limited by the maximum and the free slots.
 */
function fitGrowth(
  decisions: RoleDecision[],
  counts: RoleCounts,
  blueprint: Blueprint,
  max: number,
  freeSlots: number,
) {
  const managerOf = new Map(blueprint.agents.map((agent) => [agent.role, agent.reports_to]));
  const ups = decisions
    .filter((d) => d.direction === "up")
    .sort((a, b) => Number(b.fromZero) - Number(a.fromZero) || b.delta - a.delta);
  let slots = freeSlots;
  for (const decision of ups) {
    const managers = missingManagers(decision.role, counts, managerOf);
    const room = Math.min(max - sumCounts(counts), slots) - managers.length;
    const grant = Math.max(0, Math.min(decision.delta, room));
    if (grant < decision.delta) {
      const why =
        max - sumCounts(counts) <= slots
          ? `the cluster's maximum of ${max} agents`
          : `only ${Math.max(0, slots)} free agent slots on the live nodes`;
      limit(decision, decision.from + grant, why);
    }
    if (grant === 0) continue;
    for (const manager of managers) counts[manager] = 1;
    counts[decision.role] = decision.to;
    slots -= grant + managers.length;
  }
}

/** Manager roles with no agent above `role`, nearest first. */
function missingManagers(role: string, counts: RoleCounts, managerOf: Map<string, string | undefined>): string[] {
  const missing: string[] = [];
  for (let manager = managerOf.get(role); manager !== undefined; manager = managerOf.get(manager)) {
    if ((counts[manager] ?? 0) === 0) missing.push(manager);
  }
  return missing;
}

/** A role whose subordinates keep agents keeps one agent itself. */
function keepManagers(decisions: RoleDecision[], counts: RoleCounts, blueprint: Blueprint) {
  for (const agent of blueprint.agents) {
    const manager = agent.reports_to;
    if (manager === undefined || (counts[agent.role] ?? 0) === 0 || (counts[manager] ?? 0) > 0) continue;
    counts[manager] = 1;
    const decision = decisions.find((d) => d.role === manager);
    if (decision) limit(decision, 1, `${agent.role} reports to it`);
  }
}

/** Holds a decision back to `to`, saying what stopped it. */
function limit(decision: RoleDecision, to: number, because: string) {
  const wished = decision.reason.replace(/: \d+ → \d+ agents$/, "");
  decision.to = to;
  decision.delta = to - decision.from;
  if (decision.delta === 0) {
    decision.direction = "none";
    decision.reason = `no change: ${because}; ${wished}`;
  } else {
    decision.reason = `${wished}, limited by ${because}: ${decision.from} → ${to} agents`;
  }
}

function combine(decisions: RoleDecision[], before: RoleCounts, counts: RoleCounts): RoleScalingDecision {
  const changes = roleCountChanges(before, counts);
  const values = Object.values(changes);
  const direction = values.some((n) => n > 0) ? "up" : values.some((n) => n < 0) ? "down" : "none";
  const moved = decisions.filter((d) => d.direction !== "none" && changes[d.role]);
  const lead = moved[0] ?? decisions.find((d) => d.trigger) ?? decisions[0];
  const from = sumCounts(before);
  const to = sumCounts(counts);
  const named = (d: RoleDecision) => `${d.role}: ${d.reason.replace(/^no change: /, "")}`;
  let reason: string;
  if (direction === "none") {
    reason = `no change: ${decisions.length ? decisions.map(named).join("; ") : "no role has a range to scale within"}`;
  } else {
    // Managers brought along by the hierarchy are named in the change list.
    reason = `${moved.map(named).join("; ")} (${formatRoleChanges(changes)}: ${from} → ${to} agents)`;
  }
  const observed = decisions
    .filter((d) => d.observed)
    .map((d) => `${d.role}: ${d.observed}`)
    .join("; ");
  return {
    direction,
    from,
    to,
    counts,
    changes,
    roles: decisions,
    reason,
    fromZero: moved.some((d) => d.fromZero),
    ...(lead?.trigger ? { trigger: lead.trigger } : {}),
    ...(observed ? { observed } : {}),
  };
}
