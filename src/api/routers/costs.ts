/** Cost roll-ups: what tasks cost per cluster, role, agent or day. */
import { costSummaryInput, costSummarySchema } from "../../schemas/cost-api";
import { costSummary } from "../../services/costs";
import { router, viewerProcedure } from "../trpc";

export const costsRouter = router({
  summary: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/costs",
        tags: ["providers"],
        summary: "What tasks cost, per cluster, role, agent or day",
        description:
          "Sums the cost of the tasks that finished in a window (default: the last 30 days), grouped by cluster, role, agent or UTC day; optionally of one cluster. A task's cost is its usage at its model's price when it finished.",
      },
    })
    .input(costSummaryInput)
    .output(costSummarySchema)
    .query(({ ctx, input }) => costSummary(ctx.db, input)),
});
