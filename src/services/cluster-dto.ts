/** Turns database rows into the API's shapes (ISO dates, blueprint id and version, allowed actions). */
import { planRoleCounts } from "../domain/blueprint/plan-agents";
import { allowedEvents } from "../domain/cluster/lifecycle";
import { completeRoleCounts, type RoleCounts } from "../domain/scaling/role-targets";
import type { ClusterAgent, Prisma } from "../generated/prisma/client";
import type { Blueprint } from "../schemas/blueprint";
import { type AgentDto, type ClusterDto, roleCountsSchema } from "../schemas/cluster-api";
import { blueprintOf } from "./blueprints";

/** What a cluster's DTO is built from: its blueprint, and its agents that run now. */
export const clusterDtoInclude = {
  blueprint: true,
  _count: { select: { agents: { where: { removedAt: null, status: { in: ["IDLE", "BUSY"] } } } } },
} as const satisfies Prisma.ClusterInclude;

export type ClusterWithBlueprint = Prisma.ClusterGetPayload<{ include: typeof clusterDtoInclude }>;

/**
 * The cluster's planned agents per role, every role of its blueprint included. A record
 * without them (written before they were stored) falls back to the plan for its target.
 */
export function roleTargetsOf(row: { roleTargets: unknown; targetWorkers: number }, blueprint: Blueprint): RoleCounts {
  const stored = roleCountsSchema.safeParse(row.roleTargets);
  if (stored.success && Object.keys(stored.data).length > 0) return completeRoleCounts(blueprint, stored.data);
  try {
    return planRoleCounts(blueprint, row.targetWorkers);
  } catch {
    return completeRoleCounts(blueprint, {});
  }
}

export function toClusterDto(row: ClusterWithBlueprint): ClusterDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    type: row.type,
    status: row.status,
    blueprintId: row.blueprint.blueprintId,
    blueprintVersion: row.blueprint.version,
    minWorkers: row.minWorkers,
    maxWorkers: row.maxWorkers,
    targetWorkers: row.targetWorkers,
    currentWorkers: row._count.agents,
    roleTargets: roleTargetsOf(row, blueprintOf(row.blueprint)),
    routingStrategy: row.routingStrategy as ClusterDto["routingStrategy"],
    allowedActions: allowedEvents(row.status),
    statusChangedAt: row.statusChangedAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: row.deletedAt?.toISOString() ?? null,
    version: row.version,
  };
}

export function toAgentDto(row: ClusterAgent): AgentDto {
  const spec = row.spec as { runtime?: { type?: string } };
  return {
    id: row.id,
    clusterId: row.clusterId,
    key: row.agentKey,
    role: row.role,
    tier: row.tier,
    name: row.name,
    capabilities: row.capabilities,
    status: row.status,
    reportsToId: row.reportsToId,
    runtime: spec.runtime?.type ?? "builtin",
    addedManually: row.addedManually,
    nodeId: row.nodeId,
    placementWait: row.placementWait,
    moving: row.moveRequestedAt !== null,
    pid: row.pid,
    startedAt: row.startedAt?.toISOString() ?? null,
    restartCount: row.restartCount,
    circuit: row.circuitState as AgentDto["circuit"],
    createdAt: row.createdAt.toISOString(),
    removedAt: row.removedAt?.toISOString() ?? null,
  };
}
