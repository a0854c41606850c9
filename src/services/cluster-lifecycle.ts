/**
 * Changes to a stored cluster's desired state. Each update is conditional on what was read
 * (the status, and the version an If-Match names), in the UPDATE's WHERE: two concurrent
 * requests cannot both move the same cluster, and a stale If-Match changes nothing.
 */
import { changesDesiredState, type LifecycleEvent, transition } from "../domain/cluster/lifecycle";
import { type IfMatch, ifMatchHolds } from "../domain/http/etag";
import type { Cluster, Prisma } from "../generated/prisma/client";
import type { MyzelEvent } from "../schemas/events";
import { AppError, preconditionFailed } from "./app-error";
import { attribute } from "./change-attribution";

export type Tx = Prisma.TransactionClient;

type Versioned = Pick<Cluster, "id" | "version">;

/** Refuses at once a request whose If-Match names another version than the one read. */
export function checkIfMatch(cluster: Versioned, condition: IfMatch | undefined) {
  if (!ifMatchHolds(condition, cluster.version)) throw preconditionFailed("cluster", cluster.version);
}

const versionIn = (condition: IfMatch | undefined) =>
  condition && !condition.any ? { version: { in: condition.versions } } : {};

/** Why a conditional update matched no row: the version moved (412), or else the status did (409). */
async function refusal(tx: Tx, id: string, condition: IfMatch | undefined): Promise<AppError> {
  const now = await tx.cluster.findUnique({ where: { id }, select: { version: true, status: true } });
  if (now && !ifMatchHolds(condition, now.version)) return preconditionFailed("cluster", now.version);
  return new AppError(
    "CONFLICT",
    `the cluster changed while this request ran (it is now ${now?.status ?? "gone"}); reload and try again`,
  );
}

/** Writes `data` and a new version, if the cluster is still at a version `condition` names. */
export async function changeDesiredState(
  tx: Tx,
  cluster: Versioned,
  condition: IfMatch | undefined,
  data: Prisma.ClusterUpdateManyMutationInput = {},
  reason = "settings updated",
) {
  checkIfMatch(cluster, condition);
  await attribute(tx, reason);
  const { count } = await tx.cluster.updateMany({
    where: { id: cluster.id, ...versionIn(condition) },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 0) throw await refusal(tx, cluster.id, condition);
  cluster.version += 1;
}

export async function applyLifecycleEvent(
  tx: Tx,
  cluster: Pick<Cluster, "id" | "status" | "version">,
  event: LifecycleEvent,
  reason: string,
  extra: Prisma.ClusterUpdateManyMutationInput = {},
  condition?: IfMatch,
): Promise<Extract<MyzelEvent, { type: "cluster.status" }>> {
  checkIfMatch(cluster, condition);
  const result = transition(cluster.status, event);
  if (!result.ok) throw new AppError("CONFLICT", result.reason);
  const now = new Date();
  const bump = changesDesiredState(event);
  await attribute(tx, reason);
  const { count } = await tx.cluster.updateMany({
    where: { id: cluster.id, status: result.from, ...versionIn(condition) },
    data: { ...extra, status: result.to, statusChangedAt: now, ...(bump ? { version: { increment: 1 } } : {}) },
  });
  if (count === 0) throw await refusal(tx, cluster.id, condition);
  cluster.status = result.to;
  if (bump) cluster.version += 1;
  return {
    type: "cluster.status",
    clusterId: cluster.id,
    at: now.toISOString(),
    from: result.from,
    to: result.to,
    reason,
  };
}
