/**
 * What finished tasks cost: the usage an agent reported, at the price an admin set for the
 * model the answer names. Tasks without usage, or whose model has no price, have no cost.
 */
import { costOf } from "../../domain/providers/cost";
import type { Database } from "../../infra/database/client";
import { taskUsageSchema } from "../../schemas/agent-protocol";
import type { TaskSettlement } from "./task-records";

function modelOf(result: unknown): string | undefined {
  const model = (result as { model?: unknown } | null | undefined)?.model;
  return typeof model === "string" ? model : undefined;
}

/** Cost per task id, for the settlements that have usage and a priced model. */
export async function costsOf(db: Database, settlements: readonly TaskSettlement[]): Promise<Map<string, number>> {
  const priced = settlements.flatMap((s) => {
    const usage = taskUsageSchema.safeParse(s.usage);
    const model = modelOf(s.result);
    return usage.success && model ? [{ taskId: s.taskId, usage: usage.data, model }] : [];
  });
  const costs = new Map<string, number>();
  if (!priced.length) return costs;
  const prices = new Map(
    (await db.modelPrice.findMany({ where: { model: { in: [...new Set(priced.map((p) => p.model))] } } })).map(
      (row) => [row.model, row],
    ),
  );
  for (const { taskId, usage, model } of priced) {
    const price = prices.get(model);
    if (price) costs.set(taskId, costOf(usage, price));
  }
  return costs;
}
