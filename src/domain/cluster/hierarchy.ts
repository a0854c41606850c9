/** Builds the reports-to tree of a cluster's agents (supervisor → lead → specialist → worker). */

export interface HierarchyMember {
  id: string;
  reportsToId: string | null;
}

export type HierarchyNode<T extends HierarchyMember> = { agent: T; subordinates: HierarchyNode<T>[] };

/**
 * Returns the roots of the tree, children in the order given. An agent whose manager is
 * not among `agents` (removed, or never recorded) becomes a root rather than vanishing.
 */
export function buildHierarchy<T extends HierarchyMember>(agents: readonly T[]): HierarchyNode<T>[] {
  const nodes = new Map<string, HierarchyNode<T>>();
  for (const agent of agents) nodes.set(agent.id, { agent, subordinates: [] });
  const roots: HierarchyNode<T>[] = [];
  for (const agent of agents) {
    const node = nodes.get(agent.id)!;
    const parent = agent.reportsToId ? nodes.get(agent.reportsToId) : undefined;
    if (parent && !createsCycle(agent.id, agent.reportsToId, nodes)) parent.subordinates.push(node);
    else roots.push(node);
  }
  return roots;
}

/** Guards against a corrupted table: walking up from the parent must never reach the agent. */
function createsCycle<T extends HierarchyMember>(
  id: string,
  parentId: string | null,
  nodes: Map<string, HierarchyNode<T>>,
): boolean {
  const seen = new Set<string>();
  for (let current = parentId; current; current = nodes.get(current)?.agent.reportsToId ?? null) {
    if (current === id || seen.has(current)) return true;
    seen.add(current);
  }
  return false;
}

export function countNodes<T extends HierarchyMember>(roots: readonly HierarchyNode<T>[]): number {
  return roots.reduce((sum, node) => sum + 1 + countNodes(node.subordinates), 0);
}
