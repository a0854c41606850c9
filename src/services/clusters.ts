/**
 * Clusters: create from a blueprint version, list, get, update, scale, hibernate,
 * reactivate, soft delete. Every status change goes through the lifecycle state machine;
 * events are published only after the change is committed.
 */
import type { z } from "zod";
import type { CoreDeps } from "../core/deps";
import { planRoleCounts, type WorkerBounds, workerBounds } from "../domain/blueprint/plan-agents";
import type { ClusterStatus } from "../domain/cluster/lifecycle";
import { rangeRefusal } from "../domain/cluster/worker-limits";
import type { IfMatch } from "../domain/http/etag";
import {
  checkRoleCounts,
  formatRoleChanges,
  type RoleCounts,
  rebalanceRoleCounts,
  roleCountChanges,
  sumCounts,
} from "../domain/scaling/role-targets";
import type { Prisma } from "../generated/prisma/client";
import { inSpan } from "../infra/tracing";
import type { Blueprint } from "../schemas/blueprint";
import type { clusterCreateInput, clusterListInput, clusterUpdateInput } from "../schemas/cluster-api";
import type { MyzelEvent } from "../schemas/events";
import { syncAgentsToPlan } from "./agent-sync";
import { AppError, notFound } from "./app-error";
import { holdVersionForNewCluster } from "./blueprint-lifecycle";
import { blueprintOf, findBlueprintRow } from "./blueprints";
import { attribute } from "./change-attribution";
import { type ClusterWithBlueprint, clusterDtoInclude, roleTargetsOf, toClusterDto } from "./cluster-dto";
import { applyLifecycleEvent, changeDesiredState, checkIfMatch, type Tx } from "./cluster-lifecycle";
import { keysetPage } from "./keyset-page";
import { archiveClusterMemory, createClusterNamespaces } from "./memory/namespaces";

type Deps = Pick<CoreDeps, "db" | "events" | "settings" | "requestReconcile">;

export async function findCluster(tx: Tx, id: string): Promise<ClusterWithBlueprint> {
  const cluster = await tx.cluster.findUnique({ where: { id }, include: clusterDtoInclude });
  if (!cluster) throw notFound("cluster", id);
  return cluster;
}

/**
 * The cluster, its row locked until the transaction ends: a request reads, decides and writes
 * while the reconciler's progress (SPAWNING → ACTIVE, SCALING_UP → ACTIVE) waits, instead of
 * the request failing with a conflict because a pass moved the status between its read and its
 * write. The reconciler's conditional write then finds the new status and leaves it to its next pass.
 */
export async function lockCluster(tx: Tx, id: string): Promise<ClusterWithBlueprint> {
  await tx.$queryRaw`SELECT id FROM clusters WHERE id = ${id}::uuid FOR UPDATE`;
  return findCluster(tx, id);
}

async function publishAll(deps: Deps, events: MyzelEvent[]) {
  for (const event of events) await deps.events.publish(event);
}

/** Runs `work` in a transaction, then publishes the events it produced. */
async function mutate<T>(deps: Deps, work: (tx: Tx, events: MyzelEvent[]) => Promise<T>): Promise<T> {
  const events: MyzelEvent[] = [];
  const result = await deps.db.$transaction((tx) => work(tx, events), { timeout: 15_000 });
  await publishAll(deps, events);
  // The desired state changed: the reconciler makes the agents follow.
  deps.requestReconcile();
  return result;
}

async function assertNameFree(tx: Tx, name: string, exceptId?: string) {
  const clash = await tx.cluster.findFirst({
    where: {
      name: { equals: name, mode: "insensitive" },
      deletedAt: null,
      ...(exceptId ? { id: { not: exceptId } } : {}),
    },
  });
  if (clash)
    throw new AppError("CONFLICT", `a cluster named "${clash.name}" already exists`, [
      { path: "/name", message: "name is taken" },
    ]);
}

export function boundsFor(
  cluster: { minWorkers: number; maxWorkers: number },
  planBounds: { min: number; max: number },
) {
  return { min: Math.max(cluster.minWorkers, planBounds.min), max: Math.min(cluster.maxWorkers, planBounds.max) };
}

function assertTargetWithin(target: number, bounds: { min: number; max: number }) {
  if (target < bounds.min || target > bounds.max) {
    throw new AppError(
      "UNPROCESSABLE_CONTENT",
      `targetWorkers must be between ${bounds.min} and ${bounds.max} for this cluster, got ${target}`,
      [{ path: "/targetWorkers", message: `must be between ${bounds.min} and ${bounds.max}` }],
    );
  }
}

export async function createCluster(deps: Deps, input: z.infer<typeof clusterCreateInput>) {
  const row = await findBlueprintRow(deps.db, input.blueprintId, input.blueprintVersion, "new-cluster");
  const blueprint = blueprintOf(row);
  const bounds = workerBounds(blueprint);
  const target = input.targetWorkers ?? bounds.min;
  assertTargetWithin(target, bounds);
  return mutate(deps, async (tx, events) => {
    await holdVersionForNewCluster(tx, row);
    const live = await tx.cluster.count({ where: { deletedAt: null } });
    if (live >= deps.settings.MAX_CLUSTERS) {
      throw new AppError(
        "CONFLICT",
        `the limit of ${deps.settings.MAX_CLUSTERS} clusters is reached (MYZEL_MAX_CLUSTERS); delete one first`,
      );
    }
    await assertNameFree(tx, input.name);
    await attribute(tx, `created from ${row.blueprintId}@${row.version}`);
    const cluster = await tx.cluster.create({
      data: {
        name: input.name,
        description: input.description ?? null,
        type: input.type ?? blueprint.cluster.type,
        blueprintRowId: row.id,
        minWorkers: blueprint.cluster.min_workers,
        maxWorkers: blueprint.cluster.max_workers,
        targetWorkers: target,
        roleTargets: planRoleCounts(blueprint, target),
        routingStrategy: blueprint.cluster.routing,
      },
    });
    const now = new Date().toISOString();
    events.push({ type: "cluster.created", clusterId: cluster.id, at: now, name: cluster.name });
    events.push(await applyLifecycleEvent(tx, cluster, "spawn", `created from ${row.blueprintId}@${row.version}`));
    const synced = await syncAgentsToPlan(tx, cluster.id, blueprint, planRoleCounts(blueprint, target));
    await createClusterNamespaces(
      tx,
      cluster.id,
      blueprint.agents.map((agent) => agent.memory),
    );
    events.push({ type: "cluster.agents", clusterId: cluster.id, at: now, added: synced.added, removed: 0 });
    return toClusterDto(await findCluster(tx, cluster.id));
  });
}

export async function listClusters(deps: Pick<Deps, "db">, input: z.infer<typeof clusterListInput>) {
  const where: Prisma.ClusterWhereInput = {
    ...(input.includeDeleted ? {} : { deletedAt: null }),
    ...(input.status ? { status: input.status } : {}),
    ...(input.type ? { type: input.type } : {}),
    ...(input.blueprintId ? { blueprint: { blueprintId: input.blueprintId } } : {}),
    ...(input.search ? { name: { contains: input.search, mode: "insensitive" } } : {}),
  };
  return keysetPage(input, "createdAt", {
    fetch: (keyset) =>
      deps.db.cluster.findMany({ ...keyset, where: { AND: [where, keyset.where] }, include: clusterDtoInclude }),
    count: () => deps.db.cluster.count({ where }),
    toDto: toClusterDto,
  });
}

export async function getCluster(deps: Pick<Deps, "db">, id: string) {
  return toClusterDto(await findCluster(deps.db, id));
}

export async function updateCluster(deps: Deps, input: z.infer<typeof clusterUpdateInput>, condition?: IfMatch) {
  return mutate(deps, async (tx, events) => {
    const cluster = await lockCluster(tx, input.id);
    checkIfMatch(cluster, condition);
    if (cluster.deletedAt) throw new AppError("CONFLICT", "the cluster is deleted");
    if (input.name !== undefined) await assertNameFree(tx, input.name, cluster.id);
    const minWorkers = input.minWorkers ?? cluster.minWorkers;
    const maxWorkers = input.maxWorkers ?? cluster.maxWorkers;
    const refusal = rangeRefusal(
      { minWorkers, maxWorkers, setsMin: input.minWorkers !== undefined, setsMax: input.maxWorkers !== undefined },
      cluster.targetWorkers,
      blueprintOf(cluster.blueprint).cluster.max_workers,
    );
    if (refusal) throw new AppError("UNPROCESSABLE_CONTENT", refusal.summary, [refusal.issue]);
    await changeDesiredState(tx, cluster, condition, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.description !== undefined ? { description: input.description } : {}),
      ...(input.routingStrategy ? { routingStrategy: input.routingStrategy } : {}),
      minWorkers,
      maxWorkers,
    });
    events.push({ type: "cluster.updated", clusterId: cluster.id, at: new Date().toISOString() });
    return toClusterDto(await findCluster(tx, cluster.id));
  });
}

/** A scale request: a total (roles keep what they have where they can) or counts for named roles. */
export type ScaleRequest =
  | { targetWorkers: number; roles?: undefined }
  | { roles: Readonly<RoleCounts>; targetWorkers?: undefined };

/** Planned agents the cluster may have: its own bounds within the blueprint's, less the agents added by hand. */
export async function plannedBounds(
  tx: Tx,
  cluster: { id: string; minWorkers: number; maxWorkers: number },
  blueprint: Blueprint,
): Promise<WorkerBounds> {
  const manual = await tx.clusterAgent.count({
    where: { clusterId: cluster.id, removedAt: null, addedManually: true },
  });
  const bounds = boundsFor(cluster, workerBounds(blueprint));
  return { min: bounds.min, max: bounds.max - manual };
}

/** Why a cluster in this status cannot be scaled now, in words that say what to do. */
function scaleRefusal(status: ClusterStatus): AppError {
  const why: Partial<Record<ClusterStatus, string>> = {
    SPAWNING: "its agents are still starting; scale it once it is ACTIVE",
    SCALING_UP: "it is still scaling up: the new agents are starting; scale it again once it is ACTIVE",
    SCALING_DOWN: "it is still scaling down: the retired agents finish their tasks; scale it again once it is ACTIVE",
    HIBERNATED: "it is hibernated; reactivate it first",
  };
  return new AppError("CONFLICT", `cannot scale a cluster that is ${status}: ${why[status] ?? "it is deleted"}`);
}

/**
 * Scales to a total or to per-role counts. Every role stays within its range, the total within
 * the cluster's bounds; what does not fit is refused with the reason and the path.
 */
export async function scaleCluster(
  deps: Deps,
  id: string,
  request: number | ScaleRequest,
  reason?: string,
  condition?: IfMatch,
) {
  const wanted: ScaleRequest = typeof request === "number" ? { targetWorkers: request } : request;
  // A scaling action (asked for, or the auto-scaler's) is a span of its own in the control plane's traces.
  const attributes = {
    "myzel.cluster.id": id,
    "myzel.scale.reason": reason ?? "asked for",
    ...(wanted.targetWorkers !== undefined ? { "myzel.scale.target_workers": wanted.targetWorkers } : {}),
    ...(wanted.roles ? { "myzel.scale.roles": JSON.stringify(wanted.roles) } : {}),
  };
  return inSpan("cluster.scale", { parent: null, attributes }, () => applyScale(deps, id, wanted, reason, condition));
}

async function applyScale(deps: Deps, id: string, wanted: ScaleRequest, reason?: string, condition?: IfMatch) {
  return mutate(deps, async (tx, events) => {
    const cluster = await lockCluster(tx, id);
    checkIfMatch(cluster, condition);
    const blueprint = blueprintOf(cluster.blueprint);
    const bounds = await plannedBounds(tx, cluster, blueprint);
    const before = roleTargetsOf(cluster, blueprint);
    let after: RoleCounts;
    if (wanted.roles !== undefined) {
      after = { ...before, ...wanted.roles };
      const issues = checkRoleCounts(blueprint, after, bounds);
      if (issues.length)
        throw new AppError("UNPROCESSABLE_CONTENT", issues.map((issue) => issue.message).join("; "), issues);
    } else {
      assertTargetWithin(wanted.targetWorkers, bounds);
      after = rebalanceRoleCounts(blueprint, before, wanted.targetWorkers);
    }
    const changes = roleCountChanges(before, after);
    if (cluster.status !== "ACTIVE") throw scaleRefusal(cluster.status);
    if (Object.keys(changes).length === 0) return toClusterDto(cluster);
    // A change that adds agents ends when they run; one that only retires ends when they stopped.
    const direction = Object.values(changes).some((n) => n > 0) ? "scale_up" : "scale_down";
    const total = sumCounts(after);
    const why = reason ?? `manual scale to ${total} (${formatRoleChanges(changes)})`;
    events.push(
      await applyLifecycleEvent(tx, cluster, direction, why, { targetWorkers: total, roleTargets: after }, condition),
    );
    const synced = await syncAgentsToPlan(tx, id, blueprint, after);
    events.push({
      type: "cluster.agents",
      clusterId: id,
      at: new Date().toISOString(),
      added: synced.added,
      removed: synced.removed,
    });
    return toClusterDto(await findCluster(tx, id));
  });
}

export async function hibernateCluster(deps: Deps, id: string, reason = "requested", condition?: IfMatch) {
  return mutate(deps, async (tx, events) => {
    const cluster = await lockCluster(tx, id);
    events.push(await applyLifecycleEvent(tx, cluster, "hibernate", reason, {}, condition));
    return toClusterDto(await findCluster(tx, id));
  });
}

/** Wakes a hibernated cluster: SPAWNING while its agents start, ACTIVE once they all run. */
export async function reactivateCluster(deps: Deps, id: string, condition?: IfMatch) {
  return mutate(deps, async (tx, events) => {
    const cluster = await lockCluster(tx, id);
    events.push(await applyLifecycleEvent(tx, cluster, "reactivate", "requested", {}, condition));
    return toClusterDto(await findCluster(tx, id));
  });
}

/**
 * Soft delete: the cluster goes DESTROYING, its agents drain and stop, and the reconciler
 * then marks it DESTROYED; it stays on record with deletedAt set.
 */
export async function deleteCluster(deps: Deps, id: string, reason = "delete requested", condition?: IfMatch) {
  return mutate(deps, async (tx, events) => {
    const cluster = await lockCluster(tx, id);
    // Deleting what is being or was deleted is done already: answer as the first delete did.
    if (cluster.status === "DESTROYING" || cluster.status === "DESTROYED") return toClusterDto(cluster);
    events.push(await applyLifecycleEvent(tx, cluster, "destroy", reason, {}, condition));
    await tx.clusterAgent.updateMany({ where: { clusterId: id, removedAt: null }, data: { removedAt: new Date() } });
    await archiveClusterMemory(tx, id, deps.settings.MEMORY_RETENTION_DAYS);
    return toClusterDto(await findCluster(tx, id));
  });
}

/** The cluster once it is in one of `statuses`, or as it is after `timeoutMs` (then `timedOut`). */
export async function waitForClusterStatus(
  deps: Pick<CoreDeps, "db" | "waiters">,
  id: string,
  statuses: readonly string[],
  timeoutMs: number,
  /** Ends the wait early (the caller is stopping); the cluster is returned as it is then. */
  signal?: AbortSignal,
) {
  const waiters = statuses.map((status) => deps.waiters.wait(`${id}:${status}`, timeoutMs));
  const stopped = new Promise<void>((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener("abort", () => resolve(), { once: true });
  });
  try {
    const now = await getCluster(deps, id);
    if (!statuses.includes(now.status)) await Promise.race([...waiters.map((w) => w.promise), stopped]);
  } finally {
    for (const waiter of waiters) waiter.cancel();
  }
  const cluster = await getCluster(deps, id);
  return { ...cluster, timedOut: !statuses.includes(cluster.status) };
}
