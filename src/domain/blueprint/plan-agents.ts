import {
  type AgentLimits,
  type AgentRuntime,
  type AgentTier,
  type Blueprint,
  type BlueprintAgent,
  parseCount,
} from "@/schemas/blueprint";
import type { RoleMemory } from "../../schemas/blueprint-memory";
import type { RolePlacement } from "../../schemas/node-labels";
import { resolveTier } from "./validate-blueprint";

/**
 * Which agents a cluster should run for a given size. Pure and deterministic, so the same
 * blueprint and target always give the same keys: the reconciler compares plans by key, and
 * scaling by one adds or removes exactly one agent.
 */

export interface PlannedAgent {
  /** Stable within the cluster: `${role}-${n}`, n counting from 1. */
  key: string;
  role: string;
  tier: AgentTier;
  name: string;
  capabilities: string[];
  parentKey: string | null;
  runtime: AgentRuntime;
  concurrency: number;
  weight: number;
  limits?: AgentLimits;
  placement?: RolePlacement;
  /** Its role's shared-memory namespaces (blueprint `memory`). */
  memory?: RoleMemory;
}

export interface WorkerBounds {
  min: number;
  max: number;
}

export function agentKey(role: string, n: number): string {
  return `${role}-${n}`;
}

/** Feasible total agent counts; min > max means the blueprint cannot be planned at all. */
export function workerBounds(blueprint: Blueprint): WorkerBounds {
  const ranges = blueprint.agents.map((agent) => parseCount(agent.count));
  const sumMin = ranges.reduce((sum, range) => sum + range.min, 0);
  const sumMax = ranges.reduce((sum, range) => sum + range.max, 0);
  return {
    min: Math.max(blueprint.cluster.min_workers, sumMin),
    max: Math.min(blueprint.cluster.max_workers, sumMax),
  };
}

export function defaultTargetWorkers(blueprint: Blueprint): number {
  return workerBounds(blueprint).min;
}

/**
 * Agents per role for a total of `target`: every role gets its minimum, and the rest is dealt
 * one at a time, in blueprint order, to the roles with a range count until each is full.
 */
export function planRoleCounts(blueprint: Blueprint, target: number): Record<string, number> {
  const bounds = workerBounds(blueprint);
  if (!Number.isInteger(target) || target < bounds.min || target > bounds.max) {
    const feasible =
      bounds.min > bounds.max ? "no size fits this blueprint" : `it must be between ${bounds.min} and ${bounds.max}`;
    throw new RangeError(`cannot plan ${target} agents for blueprint "${blueprint.metadata.id}": ${feasible}`);
  }
  const ranges = blueprint.agents.map((agent) => parseCount(agent.count));
  const counts = ranges.map((range) => range.min);
  let remaining = target - counts.reduce((sum, n) => sum + n, 0);
  while (remaining > 0) {
    const before = remaining;
    ranges.forEach((range, i) => {
      const count = counts[i] ?? 0;
      if (remaining > 0 && count < range.max) {
        counts[i] = count + 1;
        remaining--;
      }
    });
    if (remaining === before) break; // unreachable while target <= bounds.max
  }
  return Object.fromEntries(blueprint.agents.map((agent, i) => [agent.role, counts[i] ?? 0]));
}

/** Distance from the root; throws on a hierarchy validateBlueprint would reject. */
function depthOf(agent: BlueprintAgent, byRole: Map<string, BlueprintAgent>): number {
  let depth = 0;
  for (let current = agent; current.reports_to !== undefined; depth++) {
    const manager = byRole.get(current.reports_to);
    if (!manager || depth > byRole.size) {
      throw new Error(`invalid hierarchy at role "${agent.role}": run validateBlueprint first`);
    }
    current = manager;
  }
  return depth;
}

/** Each role's range of agents ("0-3" → 0 to 3; a fixed count n → n to n), in blueprint order. */
export function roleRanges(blueprint: Blueprint): Record<string, WorkerBounds> {
  return Object.fromEntries(blueprint.agents.map((agent) => [agent.role, parseCount(agent.count)]));
}

export function planAgents(blueprint: Blueprint, target: number): PlannedAgent[] {
  return planAgentsFor(blueprint, planRoleCounts(blueprint, target));
}

/**
 * The agents for given per-role counts (a role left out gets none). Keys count from 1 within
 * each role, so a role's agents keep their keys while it grows and shrinks at its end.
 */
export function planAgentsFor(blueprint: Blueprint, counts: Readonly<Record<string, number>>): PlannedAgent[] {
  const byRole = new Map(blueprint.agents.map((agent) => [agent.role, agent]));
  // Managers before subordinates; blueprint order among roles at the same depth.
  const ordered = blueprint.agents
    .map((agent, order) => ({ agent, order, depth: depthOf(agent, byRole) }))
    .sort((a, b) => a.depth - b.depth || a.order - b.order);

  const keysByRole = new Map<string, string[]>();
  const planned: PlannedAgent[] = [];
  for (const { agent } of ordered) {
    const count = counts[agent.role] ?? 0;
    const managers = agent.reports_to === undefined ? [] : (keysByRole.get(agent.reports_to) ?? []);
    if (count > 0 && agent.reports_to !== undefined && managers.length === 0) {
      throw new Error(`role "${agent.role}" reports to "${agent.reports_to}", which has no agents in this plan`);
    }
    // Numbered names whenever the role can have several agents, so names stay put while scaling.
    const numbered = parseCount(agent.count).max > 1;
    const keys: string[] = [];
    const tier = resolveTier(agent, blueprint.agents);
    for (let n = 1; n <= count; n++) {
      const key = agentKey(agent.role, n);
      keys.push(key);
      planned.push({
        key,
        role: agent.role,
        tier,
        name: numbered ? `${agent.name} ${n}` : agent.name,
        capabilities: [...agent.capabilities],
        parentKey: managers.length > 0 ? (managers[(n - 1) % managers.length] ?? null) : null,
        runtime: agent.runtime,
        concurrency: agent.concurrency,
        weight: agent.weight,
        ...(agent.limits ? { limits: agent.limits } : {}),
        ...(agent.placement ? { placement: agent.placement } : {}),
        ...(agent.memory ? { memory: agent.memory } : {}),
      });
    }
    keysByRole.set(agent.role, keys);
  }
  return planned;
}

/**
 * What an agent's record keeps of its role (`cluster_agents.spec`): one place, so a field a role
 * gains reaches every agent, planned from the blueprint or added by hand.
 */
export function agentSpecOf(
  role: Pick<PlannedAgent, "runtime" | "concurrency" | "weight" | "limits" | "placement" | "memory">,
) {
  return {
    runtime: role.runtime,
    concurrency: role.concurrency,
    weight: role.weight,
    limits: role.limits ?? null,
    placement: role.placement ?? null,
    memory: role.memory ?? null,
  };
}
