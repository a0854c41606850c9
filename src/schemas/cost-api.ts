/** Contracts of cost roll-ups: what tasks cost, summed per cluster, role, agent or day. */
import { z } from "zod";
import { isoDate, uuid } from "./common";

export const COST_GROUPS = ["cluster", "role", "agent", "day"] as const;

export const costSummaryInput = z
  .strictObject({
    clusterId: uuid.optional().describe("only this cluster's tasks"),
    by: z.enum(COST_GROUPS).default("cluster").describe("how the tasks are grouped"),
    from: isoDate.optional().describe("tasks finished at or after this instant (default: 30 days ago)"),
    to: isoDate.optional().describe("tasks finished before this instant (default: now)"),
  })
  .refine((input) => !input.from || !input.to || input.from < input.to, {
    path: ["to"],
    message: "to must be after from",
  });

const figures = {
  costUsd: z.number().describe("US dollars"),
  tasks: z.number().int().describe("priced tasks"),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
};

export const costGroupSchema = z
  .object({
    key: z.string().describe("the cluster id, role name, agent id or day (YYYY-MM-DD, UTC)"),
    label: z.string().describe("what to show: the cluster's name, the role, the agent's key, or the day"),
    clusterId: z.string().nullable(),
    ...figures,
  })
  .meta({ id: "CostGroup" });

export const costSummarySchema = z
  .object({
    by: z.enum(COST_GROUPS),
    from: isoDate,
    to: isoDate,
    total: z.object(figures),
    items: z.array(costGroupSchema).describe("costliest first (by day: newest first)"),
  })
  .meta({ id: "CostSummary" });
export type CostSummaryDto = z.infer<typeof costSummarySchema>;
