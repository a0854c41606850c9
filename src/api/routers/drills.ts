import { drillIdInput, drillSchema, drillStartInput } from "../../schemas/drill-api";
import { adminProcedure, router, viewerProcedure } from "../trpc";

export const drillsRouter = router({
  // Admins only: it kills processes and the managed redis-server.
  start: adminProcedure
    .meta({
      created: { location: "/api/drills/{id}" },
      openapi: {
        method: "POST",
        path: "/api/drills",
        tags: ["healing"],
        summary: "Start a chaos drill",
        description:
          "Kills agents, hangs one, kills runners and the managed redis-server while tasks flow, then reports lost and duplicated tasks and recovery times. Runs in the background: read it with GET /api/drills/{id}. One drill at a time.",
        errorResponses: { 409: "A drill is already running." },
      },
    })
    .input(drillStartInput)
    .output(drillSchema)
    .mutation(({ ctx, input }) => ctx.control.drills.start(input, ctx.actor.name)),

  get: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/drills/{id}",
        tags: ["healing"],
        summary: "A chaos drill: live progress while it runs, its report afterwards",
        description:
          "A chaos drill: its phases and counts while it runs, and afterwards its report of lost and duplicated tasks and recovery times.",
      },
    })
    .input(drillIdInput)
    .output(drillSchema)
    .query(({ ctx, input }) => ctx.control.drills.get(input.id)),
});
