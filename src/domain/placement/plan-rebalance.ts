/**
 * Which agents a rebalance moves: one at a time from the fullest node (by share of capacity)
 * to a node it may run on (labels, max_per_node, not cordoned) as long as the move leaves the
 * target no fuller than the source — so every move evens the nodes out and none is undone by
 * the next. Pure; the agents are then moved the way a drain moves them (stopped gracefully,
 * then placed), so no work is dropped.
 */
import { matchesLabels, type PlacementRule } from "./placement-rule";

export interface RebalanceNode {
  id: string;
  capacity: number;
  labels?: Readonly<Record<string, string>>;
  cordoned?: boolean;
  /** Agents running there that may move (not already moving). */
  agents: ReadonlyArray<{ id: string; group: string; rule?: PlacementRule }>;
}

interface Load {
  node: RebalanceNode;
  count: number;
  groups: Map<string, number>;
  movable: Array<RebalanceNode["agents"][number]>;
}

export function planRebalance(nodes: readonly RebalanceNode[]): string[] {
  const loads: Load[] = nodes
    .filter((n) => n.capacity > 0)
    .map((node) => {
      const groups = new Map<string, number>();
      for (const a of node.agents) groups.set(a.group, (groups.get(a.group) ?? 0) + 1);
      // Newest-placed last in the list: move from the end, so long-settled agents stay.
      return { node, count: node.agents.length, groups, movable: [...node.agents].reverse() };
    });
  const share = (l: Load, extra = 0) => (l.count + extra) / l.node.capacity;
  const fits = (target: Load, agent: Load["movable"][number]) =>
    !target.node.cordoned &&
    target.count < target.node.capacity &&
    (!agent.rule || matchesLabels(target.node.labels ?? {}, agent.rule.nodeLabels)) &&
    (agent.rule?.maxPerNode === undefined || (target.groups.get(agent.group) ?? 0) < agent.rule.maxPerNode);
  const moves: string[] = [];
  for (;;) {
    let best: { from: Load; to: Load; index: number } | undefined;
    for (const from of [...loads].sort((a, b) => share(b) - share(a))) {
      for (const [index, agent] of from.movable.entries()) {
        const to = loads
          .filter((t) => t !== from && fits(t, agent) && share(t, 1) <= share(from, -1))
          .sort((a, b) => share(a) - share(b) || a.node.id.localeCompare(b.node.id))[0];
        if (to) {
          best = { from, to, index };
          break;
        }
      }
      if (best) break;
    }
    if (!best) return moves;
    const [agent] = best.from.movable.splice(best.index, 1);
    best.from.count--;
    best.from.groups.set(agent!.group, (best.from.groups.get(agent!.group) ?? 1) - 1);
    best.to.count++;
    best.to.groups.set(agent!.group, (best.to.groups.get(agent!.group) ?? 0) + 1);
    moves.push(agent!.id);
  }
}
