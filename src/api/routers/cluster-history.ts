/** A cluster's recorded revisions, and the rollback to one of them. */
import { clusterSchema } from "../../schemas/cluster-api";
import { clusterHistoryInput, clusterHistorySchema, clusterRollbackInput } from "../../schemas/cluster-history-api";
import { clusterHistory, rollbackCluster } from "../../services/cluster-history";
import { operatorProcedure, router, viewerProcedure } from "../trpc";

const tags = ["clusters"];

export const clusterHistoryRouter = router({
  list: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/clusters/{id}/history",
        tags,
        summary: "Every recorded version of the cluster's desired state, newest first",
        description:
          "Each change to the cluster's configuration, size, blueprint version or lifecycle status as a numbered revision: the state after it, who made it and why, and what changed against the revision before.",
        errorResponses: { 404: "No such cluster." },
      },
    })
    .input(clusterHistoryInput)
    .output(clusterHistorySchema)
    .query(({ ctx, input }) => clusterHistory(ctx, input.id)),

  rollback: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/clusters/{id}/rollback",
        tags,
        summary: "Return the cluster to an earlier revision's size, settings and lifecycle",
        description:
          "Applies an earlier revision through the lifecycle: settings, then size (or the other way round where the bounds need it), then hibernation or reactivation. Each step is a new revision whose reason names the one returned to; the call is audited.",
        errorResponses: {
          404: "No such cluster, or no such revision.",
          409: "The revision cannot apply now: the cluster is destroyed or changing, the revision ran another blueprint version, or the cluster is hibernated and the size differs.",
        },
      },
    })
    .input(clusterRollbackInput)
    .output(clusterSchema)
    .mutation(({ ctx, input }) => rollbackCluster(ctx, input, `${ctx.actor.type}:${ctx.actor.name}`)),
});
