import { noInput } from "../../schemas/common";
import {
  planInput,
  plannerCallPage,
  plannerCallsInput,
  plannerStatusSchema,
  proposalSchema,
} from "../../schemas/planner-api";
import { listPlannerCalls, plannerStatus, proposeBlueprint } from "../../services/planner";
import { adminProcedure, router, viewerProcedure } from "../trpc";

const tags = ["planner"];

export const plannerRouter = router({
  status: viewerProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/planner",
        tags,
        summary: "How the planner proposes now: a model, or the shipped templates",
        description:
          "`model` when an admin configured an OpenAI-compatible endpoint (MYZEL_PLANNER_URL, MYZEL_PLANNER_MODEL), else `template`: the closest shipped template is adapted.",
      },
    })
    .input(noInput)
    .output(plannerStatusSchema)
    .query(({ ctx }) => plannerStatus(ctx)),

  propose: adminProcedure
    .meta({
      openapi: {
        method: "POST",
        path: "/api/planner/proposals",
        tags,
        summary: "Propose a blueprint for a goal (nothing is applied)",
        description:
          "From a goal in plain words, a proposed blueprint (YAML), its manifest and an explanation. With a configured model, the model is asked for structured output against the blueprint's JSON Schema; an answer that is not a valid blueprint is sent back with its problems, up to MYZEL_PLANNER_ATTEMPTS times. Without one, the shipped template whose words match the goal best is adapted, and the explanation says so. Nothing is stored but the record of the call (GET /api/planner/calls): upload the YAML (edited or not) to POST /api/blueprints to apply it. Admins only, as applying it is an upload.",
        errorResponses: {
          422: "The model gave no valid blueprint in the attempts allowed: `issues` are the last answer's problems.",
          502: "The planner's model endpoint could not be reached, or did not answer a completion.",
        },
      },
    })
    .input(planInput)
    .output(proposalSchema)
    .mutation(({ ctx, input }) => proposeBlueprint(ctx, input.goal, ctx.actor)),

  calls: adminProcedure
    .meta({
      openapi: {
        method: "GET",
        path: "/api/planner/calls",
        tags,
        summary: "The planner's calls, newest first, with the tokens each used",
        description:
          "Every proposal asked for: who asked, the goal, model or template, the model's attempts and tokens (prompt and completion), and the outcome (proposed, invalid: no valid answer in the attempts, failed: the endpoint failed).",
      },
    })
    .input(plannerCallsInput)
    .output(plannerCallPage)
    .query(({ ctx, input }) => listPlannerCalls(ctx, input)),
});
