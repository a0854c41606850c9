import { z } from "zod";
import {
  agentAddInput,
  agentListInput,
  agentSchema,
  hierarchySchema,
  metricsInput,
  metricsSchema,
} from "../../schemas/cluster-api";
import { idInput } from "../../schemas/common";
import { metricsHistoryInput, metricsHistorySchema } from "../../schemas/metrics";
import { addAgent, getHierarchy, getMetrics, listAgents } from "../../services/agents";
import { metricsHistory } from "../../services/metrics-history";
import { ifMatchOf } from "../preconditions";
import { operatorProcedure, router, viewerProcedure } from "../trpc";

export const agentsRouter = router({
  list: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/clusters/{id}/agents",
        tags: ["agents"],
        summary: "A cluster's agents",
        description:
          "The cluster's agents with their role, tier, status, manager, node, process and current load; filtered by role or status, removed agents only with `includeRemoved`.",
      },
    })
    .input(agentListInput)
    .output(z.array(agentSchema))
    .query(({ ctx, input }) => listAgents(ctx, input)),

  add: operatorProcedure
    .meta({
      etag: "condition",
      created: {},
      openapi: {
        method: "POST",
        path: "/api/clusters/{id}/agents",
        tags: ["agents"],
        summary: "Add an agent by hand under a manager",
        description:
          "Starts one more agent of a role, under a manager you choose or the least-loaded agent of the role it reports to. The cluster's size grows by one.",
        errorResponses: {
          409: "The cluster is not ACTIVE, the role is at its maximum, or the role's manager has no active agent.",
          422: "The role is not in the blueprint, or the manager is unknown or ranks below the new agent.",
        },
      },
    })
    .input(agentAddInput)
    .output(agentSchema)
    .mutation(({ ctx, input }) => addAgent(ctx, input, ifMatchOf(ctx))),

  metrics: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/clusters/{id}/metrics",
        tags: ["metrics"],
        summary: "Metric samples and current agent counts",
        description:
          "The cluster's recent metric samples and its agents' figures now: queue length and wait, throughput, latency, error rate, CPU and memory.",
      },
    })
    .input(metricsInput)
    .output(metricsSchema)
    .query(({ ctx, input }) => getMetrics(ctx, input)),

  metricsHistory: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/clusters/{id}/metrics/history",
        tags: ["metrics"],
        summary: "Metric samples over a window, bucketed for charts",
        description:
          "The cluster's metric samples over the last `windowMinutes` (up to 30 days), averaged into buckets (about 300 points at most) fit for a chart.",
      },
    })
    .input(metricsHistoryInput)
    .output(metricsHistorySchema)
    .query(({ ctx, input }) => metricsHistory(ctx, input)),
});

export const hierarchyRouter = router({
  get: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/clusters/{id}/hierarchy",
        tags: ["agents"],
        summary: "The supervisor → lead → specialist → worker tree",
        description: "The cluster's agents as a tree: each node an agent with the agents that report to it.",
      },
    })
    .input(idInput)
    .output(hierarchySchema)
    .query(({ ctx, input }) => getHierarchy(ctx, input.id)),
});
