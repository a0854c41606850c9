/** The roles of a stored blueprint, each with the tier it resolves to, as a tree. */
import { resolveTier } from "@/domain/blueprint/validate-blueprint";
import type { AgentTier, Blueprint, BlueprintAgent } from "@/schemas/blueprint";
import type { BlueprintDetail } from "./api-types";

export type BlueprintRole = BlueprintAgent & { tier: AgentTier };
export interface RoleNode {
  role: BlueprintRole;
  children: RoleNode[];
}

/** The server sends the parsed blueprint with defaults filled in (blueprintDetail.definition). */
export function definitionOf(detail: BlueprintDetail): Blueprint {
  return detail.definition as unknown as Blueprint;
}

export function rolesOf(detail: BlueprintDetail): BlueprintRole[] {
  const { agents } = definitionOf(detail);
  return agents.map((agent) => ({ ...agent, tier: resolveTier(agent, agents) }));
}

export function roleTree(roles: BlueprintRole[]): RoleNode[] {
  const nodes = new Map(roles.map((role) => [role.role, { role, children: [] as RoleNode[] }]));
  const roots: RoleNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.role.reports_to ? nodes.get(node.role.reports_to) : undefined;
    if (parent && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
