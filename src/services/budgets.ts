/**
 * Spending budgets: operators set, raise, remove and resume them; every change is judged at
 * once (core/budgets/budget-enforcer), so raising a spent budget releases the held tasks.
 */
import type { z } from "zod";
import { enforceBudgets, GLOBAL_SCOPE, holdOf, spendingOf } from "../core/budgets/budget-enforcer";
import { type BudgetPeriod, judgeBudget, periodEnd } from "../domain/budgets/budget-state";
import type { Budget } from "../generated/prisma/client";
import type { Database } from "../infra/database/client";
import type { EventPublisher } from "../infra/events";
import type { Redis } from "../infra/redis";
import type { BudgetDto, budgetListInput, budgetPutInput } from "../schemas/budget-api";
import { notFound } from "./app-error";

interface Deps {
  db: Database;
  redis: Redis;
  events: EventPublisher;
}

async function toDto(db: Database, row: Budget, now: Date): Promise<BudgetDto> {
  const period = row.period as BudgetPeriod;
  const spending = await spendingOf(db, row.clusterId, period, now);
  const verdict = judgeBudget(row, spending, now);
  return {
    scope: row.scope,
    clusterId: row.clusterId,
    period,
    softUsd: row.softUsd,
    hardUsd: row.hardUsd,
    spentUsd: spending.spentUsd,
    periodEnd: periodEnd(period, now).toISOString(),
    soft: verdict.soft,
    hold: verdict.hold,
    resumedUntil: row.resumedUntil && row.resumedUntil > now ? row.resumedUntil.toISOString() : null,
  };
}

export async function listBudgets(deps: Deps, input: z.infer<typeof budgetListInput>) {
  const now = new Date();
  const rows = await deps.db.budget.findMany({
    where: input.clusterId ? { scope: { in: [input.clusterId, GLOBAL_SCOPE] } } : {},
    orderBy: [{ scope: "asc" }, { period: "asc" }],
  });
  return {
    items: await Promise.all(rows.map((row) => toDto(deps.db, row, now))),
    cluster: input.clusterId ? await holdOf(deps.redis, input.clusterId) : null,
  };
}

async function judged(deps: Deps, row: Budget) {
  await enforceBudgets(deps, row.clusterId ? [row.clusterId] : undefined);
  return toDto(deps.db, row, new Date());
}

export async function putBudget(deps: Deps, input: z.infer<typeof budgetPutInput>) {
  const clusterId = input.scope === GLOBAL_SCOPE ? null : input.scope;
  if (
    clusterId &&
    !(await deps.db.cluster.findFirst({ where: { id: clusterId, deletedAt: null }, select: { id: true } }))
  )
    throw notFound("cluster", clusterId);
  const limits = { softUsd: input.softUsd, hardUsd: input.hardUsd };
  const row = await deps.db.budget.upsert({
    where: { scope_period: { scope: input.scope, period: input.period } },
    create: { scope: input.scope, clusterId, period: input.period, ...limits },
    update: limits,
  });
  return judged(deps, row);
}

async function existing(db: Database, scope: string, period: BudgetPeriod) {
  const row = await db.budget.findUnique({ where: { scope_period: { scope, period } } });
  if (!row) throw notFound("budget", `${scope}/${period}`);
  return row;
}

export async function deleteBudget(deps: Deps, scope: string, period: BudgetPeriod) {
  const row = await existing(deps.db, scope, period);
  await deps.db.budget.deleteMany({ where: { id: row.id } });
  await enforceBudgets(deps, row.clusterId ? [row.clusterId] : undefined);
  return toDto(deps.db, row, new Date());
}

/** Releases what the budget holds until its period ends (the next period counts afresh). */
export async function resumeBudget(deps: Deps, scope: string, period: BudgetPeriod) {
  await existing(deps.db, scope, period);
  const row = await deps.db.budget.update({
    where: { scope_period: { scope, period } },
    data: { resumedUntil: periodEnd(period, new Date()) },
  });
  return judged(deps, row);
}
