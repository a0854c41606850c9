import { noInput, page } from "../../schemas/common";
import {
  healInput,
  healingEventSchema,
  healingKindsSchema,
  healingListInput,
  healReportSchema,
} from "../../schemas/healing-api";
import { healingKinds, listHealingEvents } from "../../services/healing";
import { operatorProcedure, router, viewerProcedure } from "../trpc";

export const healingRouter = router({
  history: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/healing-history",
        tags: ["healing"],
        summary:
          "Every detection and healing action, newest first (filters: clusterId, agentId, kind, since, outcome, severity, actor)",
        description:
          "Every detection and healing action, newest first: what was noticed, on which cluster, agent or node, what was done, by whom, and how it ended. Filtered and paged.",
      },
    })
    .input(healingListInput)
    .output(page(healingEventSchema))
    .query(({ ctx, input }) => listHealingEvents(ctx, input)),

  kinds: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/healing-history/kinds",
        tags: ["healing"],
        summary: "The kinds of entries in the healing history, with how many of each",
        description:
          "Each kind of entry the healing history can hold (agent restarts, circuit breakers, stranded tasks, Redis restarts…) with how many there are, for filters.",
      },
    })
    .input(noInput)
    .output(healingKindsSchema)
    .query(({ ctx }) => healingKinds(ctx)),

  heal: operatorProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/heal",
        tags: ["healing"],
        summary: "Run every check now and heal what it finds",
        description:
          "With `dryRun: true` nothing is changed: the answer says what would be done. With `clusterId` the checks are that cluster's: open circuit breakers, agents down, tasks stranded or waiting.",
        errorResponses: { 404: "No cluster with this `clusterId`." },
      },
    })
    .input(healInput)
    .output(healReportSchema)
    .mutation(({ ctx, input }) =>
      ctx.control.heal({ actor: ctx.actor.name, dryRun: input.dryRun, clusterId: input.clusterId }),
    ),
});
