/** A role's placement constraints, as the blueprint states them and the reconciler applies them. */
import type { RolePlacement } from "../../schemas/node-labels";

export interface PlacementRule {
  /** Every one of these labels must be on the node, with this value. */
  nodeLabels: Readonly<Record<string, string>>;
  /** Prefer the node with the fewest agents of the same role. */
  spread: boolean;
  /** At most this many agents of the role on one node. */
  maxPerNode?: number;
}

export function matchesLabels(
  nodeLabels: Readonly<Record<string, string>>,
  wanted: Readonly<Record<string, string>>,
): boolean {
  return Object.entries(wanted).every(([key, value]) => nodeLabels[key] === value);
}

/** `gpu=a100, region=eu` (or `any labels`): how an operator reads a rule in a waiting reason. */
export function ruleText(rule: PlacementRule | undefined): string {
  const pairs = Object.entries(rule?.nodeLabels ?? {}).map(([key, value]) => `${key}=${value}`);
  return pairs.length ? pairs.join(", ") : "any labels";
}

/** The rule of a role's blueprint `placement`, if it has one. */
export function ruleOf(placement: RolePlacement | null | undefined): PlacementRule | undefined {
  if (!placement) return undefined;
  return {
    nodeLabels: placement.node_labels,
    spread: placement.spread,
    ...(placement.max_per_node !== undefined ? { maxPerNode: placement.max_per_node } : {}),
  };
}
