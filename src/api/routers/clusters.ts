import {
  clusterCreateInput,
  clusterListInput,
  clusterPage,
  clusterScaleInput,
  clusterSchema,
  clusterUpdateInput,
  clusterWaitInput,
} from "../../schemas/cluster-api";
import { idInput } from "../../schemas/common";
import { scalingDecisionsInput, scalingDecisionsSchema } from "../../schemas/scaling-api";
import {
  createCluster,
  deleteCluster,
  getCluster,
  hibernateCluster,
  listClusters,
  reactivateCluster,
  scaleCluster,
  updateCluster,
  waitForClusterStatus,
} from "../../services/clusters";
import { listScalingDecisions } from "../../services/scaling-decisions";
import { adminProcedure, operatorProcedure, router, viewerProcedure } from "../trpc";

const tags = ["clusters"];

export const clustersRouter = router({
  list: viewerProcedure
    .meta({
      openapi: { method: "GET", path: "/api/clusters", tags, summary: "List clusters (filters and pagination)" },
    })
    .input(clusterListInput)
    .output(clusterPage)
    .query(({ ctx, input }) => listClusters(ctx, input)),

  get: viewerProcedure
    .meta({ openapi: { method: "GET", path: "/api/clusters/{id}", tags, summary: "A cluster" } })
    .input(idInput)
    .output(clusterSchema)
    .query(({ ctx, input }) => getCluster(ctx, input.id)),

  create: operatorProcedure
    .meta({ openapi: { method: "POST", path: "/api/clusters", tags, summary: "Create a cluster from a blueprint" } })
    .input(clusterCreateInput)
    .output(clusterSchema)
    .mutation(({ ctx, input }) => createCluster(ctx, input)),

  update: operatorProcedure
    .meta({ openapi: { method: "PUT", path: "/api/clusters/{id}", tags, summary: "Update a cluster's configuration" } })
    .input(clusterUpdateInput)
    .output(clusterSchema)
    .mutation(({ ctx, input }) => updateCluster(ctx, input)),

  delete: adminProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/api/clusters/{id}",
        tags,
        summary: "Delete a cluster (soft: it stays on record as DESTROYED)",
      },
    })
    .input(idInput)
    .output(clusterSchema)
    .mutation(({ ctx, input }) => deleteCluster(ctx, input.id)),

  scale: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/clusters/{id}/scale",
        tags,
        summary: "Scale to a number of workers, or set the agents of some roles",
      },
    })
    .input(clusterScaleInput)
    .output(clusterSchema)
    .mutation(({ ctx, input }) =>
      scaleCluster(
        ctx,
        input.id,
        input.roles !== undefined ? { roles: input.roles } : { targetWorkers: input.targetWorkers! },
      ),
    ),

  hibernate: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/clusters/{id}/hibernate",
        tags,
        summary: "Stop every agent and keep the cluster",
      },
    })
    .input(idInput)
    .output(clusterSchema)
    .mutation(({ ctx, input }) => hibernateCluster(ctx, input.id)),

  wait: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/clusters/{id}/wait",
        tags,
        summary: "Wait until the cluster reaches a status (up to timeoutMs, at most 60 s)",
      },
    })
    .input(clusterWaitInput)
    .output(clusterSchema)
    .query(({ ctx, input }) => waitForClusterStatus(ctx, input.id, input.status, input.timeoutMs)),

  reactivate: operatorProcedure
    .meta({
      openapi: { method: "POST", path: "/api/clusters/{id}/reactivate", tags, summary: "Wake a hibernated cluster" },
    })
    .input(idInput)
    .output(clusterSchema)
    .mutation(({ ctx, input }) => reactivateCluster(ctx, input.id)),

  scalingDecisions: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/clusters/{id}/scaling-decisions",
        tags,
        summary: "The auto-scaler's decisions of the last hour, newest first, each with its reason",
      },
    })
    .input(scalingDecisionsInput)
    .output(scalingDecisionsSchema)
    .query(({ ctx, input }) => listScalingDecisions(ctx, input)),
});
