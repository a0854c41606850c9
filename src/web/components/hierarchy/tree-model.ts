import type { HierarchyNode } from "../../lib/api-types";

/** Agents below a node, at every level. */
export function countDescendants(node: HierarchyNode): number {
  return node.subordinates.reduce((sum, child) => sum + 1 + countDescendants(child), 0);
}

/** Ids of the nodes a reader can reach: those not hidden under a collapsed ancestor. */
export function visibleIds(roots: HierarchyNode[], collapsed: ReadonlySet<string>): string[] {
  const ids: string[] = [];
  const walk = (node: HierarchyNode) => {
    ids.push(node.agent.id);
    if (!collapsed.has(node.agent.id)) node.subordinates.forEach(walk);
  };
  roots.forEach(walk);
  return ids;
}

/** Ids of every node that has subordinates, for "collapse all". */
export function parentIds(roots: HierarchyNode[]): string[] {
  const ids: string[] = [];
  const walk = (node: HierarchyNode) => {
    if (node.subordinates.length > 0) ids.push(node.agent.id);
    node.subordinates.forEach(walk);
  };
  roots.forEach(walk);
  return ids;
}

/**
 * What starts collapsed: in a large cluster (over 30 agents) every manager below the root
 * with more than 8 direct reports, so the page opens on the shape of the tree, not a long list.
 */
export function initiallyCollapsed(roots: HierarchyNode[]): Set<string> {
  const total = roots.reduce((sum, root) => sum + 1 + countDescendants(root), 0);
  if (total <= 30) return new Set();
  const ids = new Set<string>();
  const walk = (node: HierarchyNode, depth: number) => {
    if (depth > 0 && node.subordinates.length > 8) ids.add(node.agent.id);
    for (const child of node.subordinates) walk(child, depth + 1);
  };
  for (const root of roots) walk(root, 0);
  return ids;
}
