/**
 * The one owner of budget holds: it sums what each cluster (and all clusters) spent in each
 * budget's period, judges it (domain/budgets/budget-state) and keeps the hold key every agent's
 * limiter reads (set: no provider calls; tasks wait) and the soft-limit notice in step with it,
 * announcing each change as a `budget.state` event. It also gives the limiter the hard limits
 * each call is admitted against, so calls under way count before their cost is recorded. It runs after costs are recorded, after a
 * budget changes, and every minute (a new day or month lifts a hold by itself).
 */
import {
  type BudgetPeriod,
  type BudgetVerdict,
  hardLimitInForce,
  judgeBudget,
  periodEnd,
  periodKey,
  periodStart,
} from "../../domain/budgets/budget-state";
import type { Budget } from "../../generated/prisma/client";
import type { Database } from "../../infra/database/client";
import type { EventPublisher } from "../../infra/events";
import { GLOBAL_BUDGET_SCOPE, keys } from "../../infra/keys";
import type { Redis } from "../../infra/redis";

export const GLOBAL_SCOPE = GLOBAL_BUDGET_SCOPE;

export interface BudgetDeps {
  db: Database;
  redis: Redis;
  events: EventPublisher;
}

export interface Spending {
  spentUsd: number;
  costliestTaskUsd: number;
}

/** What a scope (a cluster, or all with clusterId null) spent in a budget's current period. */
export async function spendingOf(
  db: Database,
  clusterId: string | null,
  period: BudgetPeriod,
  now: Date,
): Promise<Spending> {
  const [row] = await db.$queryRaw<Array<{ spent: number | null; costliest: number | null }>>`
    SELECT sum(cost_usd)::float8 AS spent, max(cost_usd)::float8 AS costliest FROM tasks
    WHERE cost_usd IS NOT NULL AND finished_at >= ${periodStart(period, now)} AND finished_at < ${periodEnd(period, now)}
      AND (${clusterId}::uuid IS NULL OR cluster_id = ${clusterId}::uuid)`;
  return { spentUsd: row?.spent ?? 0, costliestTaskUsd: row?.costliest ?? 0 };
}

const limitsOf = (budget: Budget) => ({
  softUsd: budget.softUsd,
  hardUsd: budget.hardUsd,
  resumedUntil: budget.resumedUntil,
});

function describe(budget: Budget, spending: Spending): string {
  const scope = budget.scope === GLOBAL_SCOPE ? "the global" : "the cluster's";
  return `${scope} ${budget.period === "day" ? "daily" : "monthly"} budget: $${spending.spentUsd.toFixed(4)} spent of $${budget.hardUsd?.toFixed(4)} (hard limit)`;
}

/** Judges every budget that concerns these clusters (all live clusters when omitted) and applies the holds. */
export async function enforceBudgets(deps: BudgetDeps, clusterIds?: readonly string[], now = new Date()) {
  const { db } = deps;
  const budgets = await db.budget.findMany();
  // Nothing to hold after a cost without budgets; the periodic pass still lifts holds of budgets since deleted.
  if (!budgets.length && clusterIds) return;
  const global = budgets.filter((b) => b.scope === GLOBAL_SCOPE);
  const targets =
    clusterIds ?? (await db.cluster.findMany({ where: { deletedAt: null }, select: { id: true } })).map((c) => c.id);
  const globalVerdicts = await Promise.all(
    global.map(async (b) => ({ budget: b, spending: await spendingOf(db, null, b.period as BudgetPeriod, now) })),
  );
  for (const clusterId of targets) {
    const own = budgets.filter((b) => b.scope === clusterId);
    const judged = [
      ...globalVerdicts,
      ...(await Promise.all(
        own.map(async (b) => ({ budget: b, spending: await spendingOf(db, clusterId, b.period as BudgetPeriod, now) })),
      )),
    ].map(({ budget, spending }) => ({ budget, spending, verdict: judgeBudget(limitsOf(budget), spending, now) }));
    await admitWithin(deps.redis, clusterId, judged, now);
    const holding = judged.find((j) => j.verdict.hold);
    await applyState(deps, clusterId, {
      hold: !!holding,
      soft: judged.some((j) => j.verdict.soft),
      reason: holding ? describe(holding.budget, holding.spending) : null,
    });
  }
}

/** Raises a limiter's count of what a budget spent to the recorded figure, never lowers it. */
const RAISE_SPENT = `
local recorded = tonumber(ARGV[1])
if recorded > tonumber(redis.call('GET', KEYS[1]) or '0') then redis.call('SET', KEYS[1], ARGV[1]) end
redis.call('PEXPIREAT', KEYS[1], ARGV[2])
return 1`;

/**
 * Gives the limiter the hard limits a cluster's calls are admitted against (infra/providers/
 * limiter-scripts), each with what its period spent so far. The limiter's count goes up with
 * every call as it ends; the recorded costs only raise it (a Redis that lost it, or costs the
 * limiter did not see), so what is counted is never less than what is recorded.
 */
async function admitWithin(
  redis: Redis,
  clusterId: string,
  judged: ReadonlyArray<{ budget: Budget; spending: Spending }>,
  now: Date,
) {
  const limits = [];
  for (const { budget, spending } of judged) {
    const hard = hardLimitInForce(limitsOf(budget), now);
    if (hard === null) continue;
    const period = budget.period as BudgetPeriod;
    const name = periodKey(period, now);
    const spent = keys.budgetSpent(budget.scope, name);
    const ends = periodEnd(period, now).getTime();
    await redis.eval(RAISE_SPENT, 1, spent, spending.spentUsd, ends + DAY_MS);
    limits.push({ spent, in_flight: keys.budgetInFlight(budget.scope, name), hard, ends });
  }
  const key = keys.clusterBudgetLimits(clusterId);
  // Kept up to date every minute; left behind by a deleted cluster, it goes by itself.
  if (limits.length) await redis.set(key, JSON.stringify(limits), "PX", DAY_MS * 32);
  else await redis.del(key);
}

const DAY_MS = 86_400_000;

/** Writes the cluster's hold and notice where they changed, and announces the change. */
async function applyState(deps: BudgetDeps, clusterId: string, state: BudgetVerdict & { reason: string | null }) {
  const { redis, events } = deps;
  const holdKey = keys.clusterBudgetHold(clusterId);
  const softKey = keys.clusterBudgetNotice(clusterId);
  const [wasHeld, wasSoft] = await Promise.all([redis.get(holdKey), redis.exists(softKey)]);
  if (state.hold) await redis.set(holdKey, state.reason ?? "budget");
  else if (wasHeld !== null) await redis.del(holdKey);
  if (state.soft) await redis.set(softKey, "1");
  else if (wasSoft) await redis.del(softKey);
  const changed =
    (wasHeld !== null) !== state.hold || (wasHeld !== null && wasHeld !== state.reason) || !!wasSoft !== state.soft;
  if (changed)
    await events.publish({
      type: "budget.state",
      clusterId,
      at: new Date().toISOString(),
      held: state.hold,
      soft: state.soft,
      reason: state.reason,
    });
}

/** Whether a cluster's provider calls are held now, and why. */
export async function holdOf(
  redis: Redis,
  clusterId: string,
): Promise<{ held: boolean; reason: string | null; soft: boolean }> {
  const [reason, soft] = await Promise.all([
    redis.get(keys.clusterBudgetHold(clusterId)),
    redis.exists(keys.clusterBudgetNotice(clusterId)),
  ]);
  return { held: reason !== null, reason, soft: soft === 1 };
}
