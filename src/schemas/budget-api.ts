/** Contracts of spending budgets: per cluster or global, per UTC day or month. */
import { z } from "zod";
import { BUDGET_PERIODS } from "../domain/budgets/budget-state";
import { isoDate, uuid } from "./common";

export const budgetScopeSchema = z
  .union([uuid, z.literal("global")], { error: 'expected a cluster id (a UUID) or "global"' })
  .describe('a cluster\'s id, or "global" for all clusters together');

const usd = z.number().min(0).max(1_000_000_000).nullable().default(null);

export const budgetKeyInput = z.strictObject({ scope: budgetScopeSchema, period: z.enum(BUDGET_PERIODS) });

export const budgetPutInput = z
  .strictObject({
    scope: budgetScopeSchema,
    period: z.enum(BUDGET_PERIODS),
    softUsd: usd.describe("US dollars at which a notice is given (null: none)"),
    hardUsd: usd.describe("US dollars at which provider calls are held and tasks wait (null: none)"),
  })
  .refine((b) => b.softUsd !== null || b.hardUsd !== null, {
    path: ["hardUsd"],
    message: "give a soft limit, a hard limit, or both",
  })
  .refine((b) => b.softUsd === null || b.hardUsd === null || b.softUsd <= b.hardUsd, {
    path: ["softUsd"],
    message: "the soft limit cannot be above the hard limit",
  });

export const budgetListInput = z.strictObject({
  clusterId: uuid.optional().describe("only the budgets that concern this cluster (its own and the global ones)"),
});

export const budgetSchema = z
  .object({
    scope: z.string(),
    clusterId: z.string().nullable(),
    period: z.enum(BUDGET_PERIODS),
    softUsd: z.number().nullable(),
    hardUsd: z.number().nullable(),
    spentUsd: z.number().describe("spent in the current period"),
    periodEnd: isoDate,
    soft: z.boolean().describe("the soft limit is reached"),
    hold: z.boolean().describe("the hard limit is reached: provider calls are held, tasks wait"),
    resumedUntil: isoDate.nullable().describe("an operator resumed: nothing is held until then"),
  })
  .meta({ id: "Budget" });
export type BudgetDto = z.infer<typeof budgetSchema>;

export const budgetListSchema = z
  .object({
    items: z.array(budgetSchema),
    cluster: z
      .object({ held: z.boolean(), soft: z.boolean(), reason: z.string().nullable() })
      .nullable()
      .describe("with clusterId: whether its provider calls are held now, and why"),
  })
  .meta({ id: "BudgetList" });
