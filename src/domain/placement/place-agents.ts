/**
 * Puts agents on nodes. A node takes an agent only if it is not cordoned, has room, carries
 * every label the agent's role asks for and holds fewer of that role than its `max_per_node`.
 * Among those, a role that asks to `spread` goes where it has the fewest agents; otherwise
 * (and on a tie) the node with the most free room wins, then the smaller id. An agent no node
 * takes gets the reason, so it can wait with it shown instead of failing silently.
 */
import { matchesLabels, type PlacementRule, ruleText } from "./placement-rule";

export interface NodeCapacity {
  id: string;
  capacity: number;
  /** Agents already assigned to it that should run. */
  assigned: number;
  labels?: Readonly<Record<string, string>>;
  /** Cordoned or draining: keeps what it runs, takes nothing new. */
  cordoned?: boolean;
  /** Agents already there by group (a cluster's role), for spread and max_per_node. */
  groups?: ReadonlyMap<string, number>;
}

export interface AgentToPlace {
  id: string;
  /** The agents that spread and count together: one role of one cluster. */
  group?: string;
  rule?: PlacementRule;
  /** The node it moves off (a rebalance): another is preferred, this one only if none fits. */
  avoid?: string;
}

export interface Placement {
  placed: Map<string, string>;
  /** Agents no node takes (reported, retried on the next pass). */
  unplaced: string[];
  /** Why each unplaced agent waits. */
  reasons: Map<string, string>;
}

interface Slot {
  id: string;
  free: number;
  labels: Readonly<Record<string, string>>;
  cordoned: boolean;
  groups: Map<string, number>;
}

export function placeAgents(agents: ReadonlyArray<string | AgentToPlace>, nodes: readonly NodeCapacity[]): Placement {
  const slots: Slot[] = nodes.map((node) => ({
    id: node.id,
    free: node.capacity - node.assigned,
    labels: node.labels ?? {},
    cordoned: node.cordoned ?? false,
    groups: new Map(node.groups ?? []),
  }));
  const placed = new Map<string, string>();
  const unplaced: string[] = [];
  const reasons = new Map<string, string>();
  for (const entry of agents) {
    const agent = typeof entry === "string" ? { id: entry } : entry;
    const group = agent.group ?? "";
    const fits = slots.filter((slot) => takes(slot, agent));
    const preferred = fits.filter((slot) => slot.id !== agent.avoid);
    const best = pick(preferred.length ? preferred : fits, group, agent.rule?.spread ?? false);
    if (!best) {
      unplaced.push(agent.id);
      reasons.set(agent.id, whyNot(slots, agent));
      continue;
    }
    best.free--;
    best.groups.set(group, (best.groups.get(group) ?? 0) + 1);
    placed.set(agent.id, best.id);
  }
  return { placed, unplaced, reasons };
}

function takes(slot: Slot, agent: AgentToPlace): boolean {
  const rule = agent.rule;
  if (slot.cordoned || slot.free <= 0) return false;
  if (rule && !matchesLabels(slot.labels, rule.nodeLabels)) return false;
  const max = rule?.maxPerNode;
  return max === undefined || (slot.groups.get(agent.group ?? "") ?? 0) < max;
}

function pick(slots: readonly Slot[], group: string, spread: boolean): Slot | undefined {
  let best: Slot | undefined;
  for (const slot of slots) {
    if (!best) {
      best = slot;
      continue;
    }
    if (spread) {
      const mine = slot.groups.get(group) ?? 0;
      const theirs = best.groups.get(group) ?? 0;
      if (mine !== theirs) {
        if (mine < theirs) best = slot;
        continue;
      }
    }
    if (slot.free > best.free || (slot.free === best.free && slot.id < best.id)) best = slot;
  }
  return best;
}

/** The first constraint that rules every node out, in the order an operator would check them. */
function whyNot(slots: readonly Slot[], agent: AgentToPlace): string {
  const rule = agent.rule;
  if (!slots.length) return "no live node";
  const labelled = rule ? slots.filter((s) => matchesLabels(s.labels, rule.nodeLabels)) : slots;
  if (!labelled.length) return `no live node has the labels ${ruleText(rule)}`;
  const open = labelled.filter((s) => !s.cordoned);
  if (!open.length) return `every live node with ${ruleText(rule)} is cordoned or draining`;
  const roomy = open.filter((s) => s.free > 0);
  if (!roomy.length) return `no live node with ${ruleText(rule)} has room`;
  return `every live node with room already runs max_per_node ${rule?.maxPerNode} agents of this role`;
}
