/** Turns database rows into the API's shapes (ISO dates, blueprint id and version, allowed actions). */
import { allowedEvents } from "../domain/cluster/lifecycle";
import type { Cluster, ClusterAgent, ClusterBlueprint } from "../generated/prisma/client";
import type { AgentDto, ClusterDto } from "../schemas/cluster-api";

export type ClusterWithBlueprint = Cluster & { blueprint: ClusterBlueprint };

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
    currentWorkers: row.currentWorkers,
    routingStrategy: row.routingStrategy as ClusterDto["routingStrategy"],
    allowedActions: allowedEvents(row.status),
    statusChangedAt: row.statusChangedAt.toISOString(),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: row.deletedAt?.toISOString() ?? null,
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
    pid: row.pid,
    startedAt: row.startedAt?.toISOString() ?? null,
    restartCount: row.restartCount,
    circuit: row.circuitState as AgentDto["circuit"],
    createdAt: row.createdAt.toISOString(),
    removedAt: row.removedAt?.toISOString() ?? null,
  };
}
