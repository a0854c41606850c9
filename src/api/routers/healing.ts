import { page } from "../../schemas/common";
import { healingEventSchema, healingListInput, healInput, healReportSchema } from "../../schemas/healing-api";
import { listHealingEvents } from "../../services/healing";
import { publicProcedure, router } from "../trpc";

export const healingRouter = router({
  history: publicProcedure
    .meta({ openapi: { method: "GET", path: "/api/healing-history", tags: ["healing"], summary: "Every detection and healing action, newest first (filters: clusterId, agentId, kind, since)" } })
    .input(healingListInput)
    .output(page(healingEventSchema))
    .query(({ ctx, input }) => listHealingEvents(ctx, input)),

  heal: publicProcedure
    .meta({ openapi: { method: "POST", path: "/api/heal", tags: ["healing"], summary: "Run every check now and heal what it finds", description: "With `dryRun: true` nothing is changed: the answer says what would be done. With `clusterId` the checks are that cluster's: open circuit breakers, agents down, tasks stranded or waiting." } })
    .input(healInput)
    .output(healReportSchema)
    .mutation(({ ctx, input }) => ctx.control.heal({ actor: ctx.origin === "rest" ? "rest api" : "dashboard or api", dryRun: input.dryRun, clusterId: input.clusterId })),
});
