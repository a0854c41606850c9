import { z } from "zod";
import {
  agentActionInput,
  agentActionResultSchema,
  agentOutputInput,
  agentOutputSchema,
} from "../../schemas/agent-output-api";
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
import { agentOutput, removeAgent, restartAgent } from "../../services/agent-actions";
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

  output: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/clusters/{id}/agents/{agentId}/output",
        tags: ["agents"],
        summary: "What an agent's process wrote to stdout and stderr",
        description:
          "The newest lines the agent's process wrote (at most `keptLines` are kept per agent, each cut at 1,000 characters, for a week after the last one), oldest first, with anything that looks like a secret masked. Pass `next` back as `after` to follow the output as it grows.",
      },
    })
    .input(agentOutputInput)
    .output(agentOutputSchema)
    .query(({ ctx, input }) => agentOutput(ctx, input)),

  restart: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/clusters/{id}/agents/{agentId}/restart",
        tags: ["agents"],
        summary: "Restart an agent after the work it holds",
        description:
          "The agent finishes the tasks it holds, stops, and starts again (on another node when there is one). Recorded in the healing history with who asked.",
        errorResponses: { 409: "The agent is not running, was removed, or is already restarting." },
      },
    })
    .input(agentActionInput)
    .output(agentActionResultSchema)
    .mutation(({ ctx, input }) => restartAgent(ctx, input, ctx.actor.name)),

  remove: operatorProcedure
    .meta({
      openapi: {
        method: "DELETE",
        path: "/api/clusters/{id}/agents/{agentId}",
        tags: ["agents"],
        summary: "Remove an agent that was added by hand",
        description:
          "The agent finishes the tasks it holds and stops; agents added under it move up to its manager, and the cluster is one smaller. A planned agent is not removed one by one: scale its role down. Removing again answers as the first time did.",
        errorResponses: { 409: "The agent is one of the blueprint's planned agents." },
      },
    })
    .input(agentActionInput)
    .output(agentActionResultSchema)
    .mutation(({ ctx, input }) => removeAgent(ctx, input, ctx.actor.name)),

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
