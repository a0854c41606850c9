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
import { operatorProcedure, router, viewerProcedure } from "../trpc";

export const agentsRouter = router({
  list: viewerProcedure
    .meta({
      openapi: { method: "GET", path: "/api/clusters/{id}/agents", tags: ["agents"], summary: "A cluster's agents" },
    })
    .input(agentListInput)
    .output(z.array(agentSchema))
    .query(({ ctx, input }) => listAgents(ctx, input)),

  add: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/clusters/{id}/agents",
        tags: ["agents"],
        summary: "Add an agent by hand under a manager",
      },
    })
    .input(agentAddInput)
    .output(agentSchema)
    .mutation(({ ctx, input }) => addAgent(ctx, input)),

  metrics: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/clusters/{id}/metrics",
        tags: ["metrics"],
        summary: "Metric samples and current agent counts",
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
      },
    })
    .input(idInput)
    .output(hierarchySchema)
    .query(({ ctx, input }) => getHierarchy(ctx, input.id)),
});
