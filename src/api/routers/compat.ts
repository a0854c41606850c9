/**
 * The original self-healing cluster design's paths, kept working for the scripts written
 * against it: thin, deprecated aliases over the services of the Myzel operations they stand
 * for, with the same roles. A path without a cluster means the only cluster, else `clusterId`.
 */
import {
  compatAgentsSchema,
  compatClusterInput,
  compatHealInput,
  compatHistoryInput,
  compatHistorySchema,
  compatMetricsSchema,
  compatStatusSchema,
  compatSubmitInput,
  compatTaskInput,
  compatTaskSchema,
} from "../../schemas/compat-api";
import { healReportSchema } from "../../schemas/healing-api";
import {
  aliasHealingHistory,
  aliasLiveAgents,
  aliasMetrics,
  aliasStatus,
  aliasSubmit,
  aliasTask,
} from "../../services/compat";
import { operatorProcedure, router, viewerProcedure } from "../trpc";

const tags = ["compatibility"];
const PICK =
  "Without `clusterId` it answers for the only cluster; while several exist it is refused with 409 naming them.";

/** The meta every alias shares: deprecated, pointing at the operation to use instead. */
function alias(method: "GET" | "POST", path: `/api/cluster/${string}`, summary: string, instead: string) {
  return {
    openapi: {
      method,
      path,
      tags,
      summary,
      deprecated: true,
      description: `Compatibility alias of the original self-healing cluster design. Use ${instead} instead.`,
      errorResponses: {
        404: "No cluster with this `clusterId`, or none exists at all.",
        409: "Several clusters exist and no `clusterId` says which one.",
      },
    },
  };
}

export const compatRouter = router({
  status: viewerProcedure
    .meta(
      alias(
        "GET",
        "/api/cluster/status",
        "The cluster's state and workers",
        `GET /api/clusters/{id} and GET /api/clusters/{id}/agents. ${PICK}`,
      ),
    )
    .input(compatClusterInput)
    .output(compatStatusSchema)
    .query(({ ctx, input }) => aliasStatus(ctx, input.clusterId)),

  submit: operatorProcedure
    .meta({
      // Its scripts send the input as query parameters of a POST without a body (curl -X POST "…?agent_type=…").
      queryInput: true,
      ...alias(
        "POST",
        "/api/cluster/task/submit",
        "Submit a task to an agent type",
        `POST /api/clusters/{id}/tasks (agent_type is its role, description its payload). The input may also be sent as query parameters, as the original design's curl does. ${PICK}`,
      ),
    })
    .input(compatSubmitInput)
    .output(compatTaskSchema)
    .mutation(({ ctx, input }) => aliasSubmit(ctx, input, ctx.origin === "rest" ? "rest" : "api")),

  task: viewerProcedure
    .meta(alias("GET", "/api/cluster/task/{id}", "A task's status and result", "GET /api/tasks/{id}"))
    .input(compatTaskInput)
    .output(compatTaskSchema)
    .query(({ ctx, input }) => aliasTask(ctx, input.id)),

  liveAgents: viewerProcedure
    .meta(
      alias(
        "GET",
        "/api/cluster/agents/live",
        "The agents with their task counts, errors, process ids and uptimes",
        `GET /api/clusters/{id}/agents and GET /api/clusters/{id}/metrics. ${PICK}`,
      ),
    )
    .input(compatClusterInput)
    .output(compatAgentsSchema)
    .query(({ ctx, input }) => aliasLiveAgents(ctx, input.clusterId)),

  heal: operatorProcedure
    .meta(alias("POST", "/api/cluster/heal", "Run every check now and heal what it finds", "POST /api/heal"))
    .input(compatHealInput)
    .output(healReportSchema)
    .mutation(({ ctx, input }) =>
      ctx.control.heal({ actor: ctx.actor.name, dryRun: false, clusterId: input.clusterId }),
    ),

  healingHistory: viewerProcedure
    .meta(
      alias(
        "GET",
        "/api/cluster/infrastructure/healing-history",
        "Healing actions, newest first",
        "GET /api/healing-history",
      ),
    )
    .input(compatHistoryInput)
    .output(compatHistorySchema)
    .query(({ ctx, input }) => aliasHealingHistory(ctx, input.limit)),

  metrics: viewerProcedure
    .meta(
      alias(
        "GET",
        "/api/cluster/metrics",
        "System, Redis and per-worker figures",
        `GET /api/system/health and GET /api/clusters/{id}/metrics. ${PICK}`,
      ),
    )
    .input(compatClusterInput)
    .output(compatMetricsSchema)
    .query(({ ctx, input }) => aliasMetrics(ctx, input.clusterId)),
});
