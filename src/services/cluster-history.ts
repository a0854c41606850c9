/**
 * A cluster's history (the revisions the `record_cluster_revision` trigger wrote) and the
 * rollback to one of them, carried out through the same lifecycle as any other change: settings
 * through `updateCluster`, the size through `scaleCluster`, sleep and waking through
 * `hibernateCluster` and `reactivateCluster`. Each step is a revision of its own whose reason
 * names the revision returned to.
 */
import type { z } from "zod";
import type { CoreDeps } from "../core/deps";
import { revisionChanges, rollbackSteps } from "../domain/cluster/revision-diff";
import type { clusterUpdateInput } from "../schemas/cluster-api";
import { type ClusterRevisionState, clusterRevisionStateSchema } from "../schemas/cluster-history-api";
import { AppError, notFound } from "./app-error";
import { withAttribution } from "./change-attribution";
import { findCluster, getCluster, hibernateCluster, reactivateCluster, scaleCluster, updateCluster } from "./clusters";

type ClusterUpdate = z.infer<typeof clusterUpdateInput>;
type Deps = Pick<CoreDeps, "db" | "events" | "settings" | "requestReconcile">;

export async function clusterHistory(deps: Pick<Deps, "db">, id: string) {
  await findCluster(deps.db, id);
  const rows = await deps.db.clusterRevision.findMany({ where: { clusterId: id }, orderBy: { revision: "asc" } });
  let previous: ClusterRevisionState | undefined;
  const items = rows.map((row) => {
    const state = clusterRevisionStateSchema.parse(row.state);
    const item = {
      revision: row.revision,
      at: row.at.toISOString(),
      actor: row.actor,
      reason: row.reason,
      state,
      changes: revisionChanges(previous, state),
    };
    previous = state;
    return item;
  });
  return { items: items.reverse() };
}

export async function rollbackCluster(
  deps: Deps,
  input: { id: string; revision: number; reason?: string },
  actor: string,
) {
  const { id, revision } = input;
  const [latest, wanted] = await Promise.all([
    deps.db.clusterRevision.findFirst({ where: { clusterId: id }, orderBy: { revision: "desc" } }),
    deps.db.clusterRevision.findUnique({ where: { clusterId_revision: { clusterId: id, revision } } }),
  ]);
  if (!latest) throw notFound("cluster", id);
  if (!wanted)
    throw new AppError("NOT_FOUND", `cluster ${id} has no revision ${revision} (its latest is ${latest.revision})`, [
      { path: "/revision", message: `must be between 1 and ${latest.revision}` },
    ]);
  const current = clusterRevisionStateSchema.parse(latest.state);
  const target = clusterRevisionStateSchema.parse(wanted.state);
  const plan = rollbackSteps(current, target, revision);
  if (!plan.ok) throw new AppError("CONFLICT", `cannot roll back to revision ${revision}: ${plan.reason}`);
  const { steps } = plan;
  const reason = `rollback to revision ${revision}${input.reason ? `: ${input.reason}` : ""}`;
  return withAttribution({ actor, reason }, async () => {
    const applySettings = async () => {
      if (Object.keys(steps.settings).length) await updateCluster(deps, { id, ...steps.settings } as ClusterUpdate);
    };
    if (steps.settingsFirst) await applySettings();
    if (steps.roles) await scaleCluster(deps, id, { roles: steps.roles }, reason);
    if (!steps.settingsFirst) await applySettings();
    if (steps.lifecycle === "hibernate") await hibernateCluster(deps, id, reason);
    if (steps.lifecycle === "reactivate") await reactivateCluster(deps, id);
    return getCluster(deps, id);
  });
}
