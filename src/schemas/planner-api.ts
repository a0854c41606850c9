/** API contracts of the planner: a goal in, a proposed blueprint (with its manifest) out, and the record of calls. */
import { z } from "zod";
import { isoDate, page, pagination } from "./common";

export const PLANNER_MODES = ["model", "template"] as const;

export const planInput = z.strictObject({
  goal: z
    .string()
    .trim()
    .min(10, "say in a sentence what the cluster should do (at least 10 characters)")
    .max(4000)
    .describe(
      'what the cluster should do, in plain words, e.g. "a procurement team that compares supplier offers and drafts orders, up to 10 workers"',
    ),
});

export const proposalSchema = z
  .object({
    mode: z
      .enum(PLANNER_MODES)
      .describe(
        "model: proposed by the configured model; template: no endpoint is configured, so a shipped template was adapted",
      ),
    explanation: z.string().describe("why this blueprint fits the goal, and how it was made"),
    yaml: z.string().describe("the proposed blueprint as YAML: review, edit, and upload it to apply it"),
    manifest: z.string().describe("the proposal's manifest (Markdown)"),
    blueprintId: z.string().describe("metadata.id of the proposal, not yet used by any stored blueprint"),
    template: z.string().nullable().describe("the template adapted (template mode)"),
    model: z.string().nullable(),
    attempts: z.number().int().describe("answers the model gave (0 in template mode)"),
    usage: z.object({ promptTokens: z.number().int(), completionTokens: z.number().int() }),
  })
  .meta({ id: "PlannerProposal" });

export type Proposal = z.infer<typeof proposalSchema>;

export const plannerCallSchema = z
  .object({
    id: z.string(),
    at: isoDate,
    actorName: z.string(),
    goal: z.string(),
    mode: z.enum(PLANNER_MODES),
    model: z.string().nullable(),
    blueprintId: z.string().nullable(),
    attempts: z.number().int(),
    promptTokens: z.number().int(),
    completionTokens: z.number().int(),
    outcome: z.enum(["proposed", "invalid", "failed"]),
    detail: z.string().nullable(),
    durationMs: z.number().int(),
  })
  .meta({ id: "PlannerCall" });

export const plannerCallsInput = z.strictObject(pagination);
export const plannerCallPage = page(plannerCallSchema);

export const plannerStatusSchema = z
  .object({
    mode: z.enum(PLANNER_MODES).describe("what a plan uses now: the configured model, or the shipped templates"),
    model: z.string().nullable(),
    templates: z.array(z.string()).describe("the shipped templates' ids"),
  })
  .meta({ id: "PlannerStatus" });
