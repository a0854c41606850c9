/**
 * Applies a lifecycle event to a stored cluster. The update is conditional on the status
 * read, so two concurrent requests cannot both move the same cluster.
 */
import { type LifecycleEvent, transition } from "../domain/cluster/lifecycle";
import type { Cluster, Prisma } from "../generated/prisma/client";
import type { MyzelEvent } from "../schemas/events";
import { AppError } from "./app-error";

export type Tx = Prisma.TransactionClient;

export async function applyLifecycleEvent(
  tx: Tx,
  cluster: Pick<Cluster, "id" | "status">,
  event: LifecycleEvent,
  reason: string,
  extra: Prisma.ClusterUpdateManyMutationInput = {},
): Promise<Extract<MyzelEvent, { type: "cluster.status" }>> {
  const result = transition(cluster.status, event);
  if (!result.ok) throw new AppError("CONFLICT", result.reason);
  const now = new Date();
  const { count } = await tx.cluster.updateMany({
    where: { id: cluster.id, status: result.from },
    data: { ...extra, status: result.to, statusChangedAt: now },
  });
  if (count === 0) throw new AppError("CONFLICT", "the cluster changed while this request ran; reload and try again");
  cluster.status = result.to;
  return {
    type: "cluster.status",
    clusterId: cluster.id,
    at: now.toISOString(),
    from: result.from,
    to: result.to,
    reason,
  };
}
