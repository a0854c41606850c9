import {
  clusterCreateInput,
  clusterListInput,
  clusterPage,
  clusterScaleInput,
  clusterSchema,
  clusterUpdateInput,
  clusterWaitInput,
  clusterWaitResult,
} from "../../schemas/cluster-api";
import { idInput } from "../../schemas/common";
import { manifestSchema } from "../../schemas/manifest-api";
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
import { clusterManifest } from "../../services/manifests";
import { listScalingDecisions } from "../../services/scaling-decisions";
import { ifMatchOf } from "../preconditions";
import { adminProcedure, operatorProcedure, router, viewerProcedure } from "../trpc";

const tags = ["clusters"];

export const clustersRouter = router({
  list: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/clusters",
        tags,
        summary: "List clusters (filters and pagination)",
        description:
          "Clusters, newest first, filtered by status, type, blueprint or part of the name, and paged with `limit` and `cursor` (the `nextCursor` of the page before; also in the `Link` header). Deleted clusters (DESTROYED) are left out unless `includeDeleted` is true.",
      },
    })
    .input(clusterListInput)
    .output(clusterPage)
    .query(({ ctx, input }) => listClusters(ctx, input)),

  get: viewerProcedure
    .meta({
      etag: "answer",
      openapi: {
        method: "GET",
        path: "/api/clusters/{id}",
        tags,
        summary: "A cluster",
        description:
          "A cluster's configuration, desired and running size, role targets, status and the blueprint version it was made from.",
      },
    })
    .input(idInput)
    .output(clusterSchema)
    .query(({ ctx, input }) => getCluster(ctx, input.id)),

  manifest: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/clusters/{id}/manifest",
        tags,
        summary: "A cluster's manifest (Markdown)",
        description:
          "The cluster as a Markdown document: its blueprint version's YAML as front matter, then purpose, state and size, hierarchy with planned counts, roles (runtimes without secrets), counts and placement, scaling and memory in words, and the last 24 hours' figures (tasks, dead letters, healing). Uploaded to POST /api/blueprints as text/markdown, its front matter makes a blueprint version.",
        errorResponses: { 404: "No cluster with this id." },
      },
    })
    .input(idInput)
    .output(manifestSchema)
    .query(({ ctx, input }) => clusterManifest(ctx, input.id)),

  create: operatorProcedure
    .meta({
      etag: "answer",
      created: { location: "/api/clusters/{id}" },
      idempotent: true,
      openapi: {
        method: "POST",
        path: "/api/clusters",
        tags,
        summary: "Create a cluster from a blueprint",
        description:
          "Creates a cluster from the newest version of a blueprint (or `blueprintVersion`) and starts its agents; the answer comes at once, while it is PLANNING or SPAWNING, and GET /api/clusters/{id}/wait tells when it is ACTIVE. With an `Idempotency-Key` header a retry replays the first answer; without one, a second call with the same name is refused.",
        errorResponses: {
          404: "No blueprint with this id (or version).",
          409: "A cluster with this name exists, the blueprint version is archived, or the cluster limit (MYZEL_MAX_CLUSTERS) is reached.",
          422: "`targetWorkers` is outside the bounds the blueprint allows.",
        },
      },
    })
    .input(clusterCreateInput)
    .output(clusterSchema)
    .mutation(({ ctx, input }) => createCluster(ctx, input)),

  update: operatorProcedure
    .meta({
      etag: "condition",
      openapi: {
        method: "PUT",
        path: "/api/clusters/{id}",
        tags,
        summary: "Update a cluster's configuration",
        description:
          "Changes a cluster's name, description, routing strategy or worker bounds. Fields left out stay as they are; the agents are reconciled to the new bounds.",
        errorResponses: {
          409: "The cluster is deleted, the name is taken, or it changed while this request ran (try again).",
          422: "The worker bounds contradict each other or the blueprint.",
        },
      },
    })
    .input(clusterUpdateInput)
    .output(clusterSchema)
    .mutation(({ ctx, input }) => updateCluster(ctx, input, ifMatchOf(ctx))),

  delete: adminProcedure
    .meta({
      etag: "condition",
      openapi: {
        method: "DELETE",
        path: "/api/clusters/{id}",
        tags,
        summary: "Delete a cluster (soft: it stays on record as DESTROYED)",
        description:
          "Stops every agent and marks the cluster DESTROYED. Its tasks, metrics and history stay on record and it stays readable; its name becomes free again. Deleting it again answers as the first delete did.",
        errorResponses: { 409: "The cluster cannot be deleted from its current status." },
      },
    })
    .input(idInput)
    .output(clusterSchema)
    .mutation(({ ctx, input }) => deleteCluster(ctx, input.id, undefined, ifMatchOf(ctx))),

  scale: operatorProcedure
    .meta({
      etag: "condition",
      openapi: {
        method: "POST",
        path: "/api/clusters/{id}/scale",
        tags,
        summary: "Scale to a number of workers, or set the agents of some roles",
        description:
          "Sets the number of workers (`targetWorkers`) or the agents of some roles (`roles`); exactly one of the two. Agents are started or stopped in the background; the answer shows the new desired size. Scaling to the current size changes nothing.",
        errorResponses: {
          409: "The cluster is not ACTIVE (hibernated, provisioning, deleted…): it cannot be scaled now.",
          422: "The size is outside the blueprint's bounds, or a role may not have that many agents.",
        },
      },
    })
    .input(clusterScaleInput)
    .output(clusterSchema)
    .mutation(({ ctx, input }) =>
      scaleCluster(
        ctx,
        input.id,
        input.roles !== undefined ? { roles: input.roles } : { targetWorkers: input.targetWorkers! },
        undefined,
        ifMatchOf(ctx),
      ),
    ),

  hibernate: operatorProcedure
    .meta({
      etag: "condition",
      openapi: {
        method: "POST",
        path: "/api/clusters/{id}/hibernate",
        tags,
        summary: "Stop every agent and keep the cluster",
        description:
          "Stops every agent and keeps the cluster, its configuration and its history; it takes no tasks until reactivated. Tasks already queued wait for it.",
        errorResponses: { 409: "The cluster cannot hibernate from its current status." },
      },
    })
    .input(idInput)
    .output(clusterSchema)
    .mutation(({ ctx, input }) => hibernateCluster(ctx, input.id, undefined, ifMatchOf(ctx))),

  wait: viewerProcedure
    .meta({
      etag: "answer",
      openapi: {
        method: "GET",
        path: "/api/clusters/{id}/wait",
        tags,
        summary: "Wait until the cluster reaches a status (up to timeoutMs, at most 60 s)",
        description:
          "Answers when the cluster reaches `status`, or after `timeoutMs` (at most 60 s) with the cluster as it is then: compare its status to tell which.",
      },
    })
    .input(clusterWaitInput)
    .output(clusterWaitResult)
    .query(({ ctx, input }) => waitForClusterStatus(ctx, input.id, input.status, input.timeoutMs)),

  reactivate: operatorProcedure
    .meta({
      etag: "condition",
      openapi: {
        method: "POST",
        path: "/api/clusters/{id}/reactivate",
        tags,
        summary: "Wake a hibernated cluster",
        description:
          "Wakes a hibernated cluster: its agents start again at the size it had, and it takes tasks once ACTIVE.",
        errorResponses: { 409: "The cluster is not hibernated." },
      },
    })
    .input(idInput)
    .output(clusterSchema)
    .mutation(({ ctx, input }) => reactivateCluster(ctx, input.id, ifMatchOf(ctx))),

  scalingDecisions: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/clusters/{id}/scaling-decisions",
        tags,
        summary: "The auto-scaler's decisions of the last hour, newest first, each with its reason",
        description:
          "What the auto-scaler decided for this cluster in the last hour, newest first: grow, shrink or hold, with the figures and the reason.",
      },
    })
    .input(scalingDecisionsInput)
    .output(scalingDecisionsSchema)
    .query(({ ctx, input }) => listScalingDecisions(ctx, input)),
});
