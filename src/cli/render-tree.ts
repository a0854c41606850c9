/** A cluster's reports-to tree as indented lines, the way `tree(1)` draws folders. */
import type { HierarchyNodeDto } from "../schemas/cluster-api";

export function renderTree(roots: HierarchyNodeDto[], label: (node: HierarchyNodeDto) => string): string[] {
  const lines: string[] = [];
  const walk = (nodes: HierarchyNodeDto[], prefix: string, top: boolean) => {
    nodes.forEach((node, index) => {
      const last = index === nodes.length - 1;
      lines.push(top ? label(node) : `${prefix}${last ? "└─ " : "├─ "}${label(node)}`);
      walk(node.subordinates, top ? "" : `${prefix}${last ? "   " : "│  "}`, false);
    });
  };
  walk(roots, "", true);
  return lines;
}
