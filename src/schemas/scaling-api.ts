/** API contracts of the auto-scaler's decision log. */
import { z } from "zod";
import { uuid } from "./common";

export const scalingDecisionSchema = z
  .object({
    at: z.string(),
    direction: z.enum(["up", "down", "none", "hibernate", "expire"]),
    from: z.int(),
    to: z.int(),
    reason: z.string().describe('why, naming the metric and its values; "no change: …" when nothing moved'),
    trigger: z.string().nullable(),
    observed: z.string().nullable().describe("the latest metric sample in words"),
    roles: z.record(z.string(), z.int()).describe("agents added (+) or removed (-) per role"),
    outcome: z.enum(["applied", "held", "failed"]),
    error: z.string().nullable(),
  })
  .meta({ id: "ScalingDecision" });
export type ScalingDecisionEntry = z.infer<typeof scalingDecisionSchema>;

export const scalingDecisionsInput = z.strictObject({
  id: uuid,
  changesOnly: z.boolean().default(false).describe("only decisions that changed something"),
});

export const scalingDecisionsSchema = z
  .object({
    clusterId: z.string(),
    enabled: z.boolean(),
    items: z.array(scalingDecisionSchema),
  })
  .meta({ id: "ScalingDecisions" });
