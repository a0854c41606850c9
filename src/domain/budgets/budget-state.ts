/**
 * Pure rules of spending budgets: the period a budget counts (a UTC day or month), and what a
 * budget's spending means. The hard limit holds a cluster's provider calls as soon as one more
 * task like the costliest of the period could cross it, so the limit is overspent by less than
 * one task even when a call is already on its way while the hold is set.
 */
export const BUDGET_PERIODS = ["day", "month"] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export function periodStart(period: BudgetPeriod, now: Date): Date {
  return period === "day"
    ? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
    : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

export function periodEnd(period: BudgetPeriod, now: Date): Date {
  return period === "day"
    ? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1))
    : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}

/** The period's name in keys: `day-2026-12-02`, `month-2026-12` (UTC, as periodStart). */
export function periodKey(period: BudgetPeriod, now: Date): string {
  const start = periodStart(period, now).toISOString();
  return `${period}-${period === "day" ? start.slice(0, 10) : start.slice(0, 7)}`;
}

export interface BudgetLimits {
  softUsd: number | null;
  hardUsd: number | null;
  /** An operator resumed the held work: the hard limit holds nothing until then (the period's end). */
  resumedUntil: Date | null;
}

export interface BudgetVerdict {
  /** The soft limit is reached: a notice. */
  soft: boolean;
  /** The hard limit (less one task) is reached and not resumed: no provider calls. */
  hold: boolean;
}

/** The hard limit calls are admitted against now: none when unset or resumed by an operator. */
export function hardLimitInForce(limits: BudgetLimits, now: Date): number | null {
  const resumed = limits.resumedUntil !== null && now < limits.resumedUntil;
  return resumed ? null : limits.hardUsd;
}

export function judgeBudget(
  limits: BudgetLimits,
  spending: { spentUsd: number; costliestTaskUsd: number },
  now: Date,
): BudgetVerdict {
  const soft = limits.softUsd !== null && spending.spentUsd >= limits.softUsd;
  const hard = hardLimitInForce(limits, now);
  const hold = hard !== null && (spending.spentUsd >= hard || spending.spentUsd + spending.costliestTaskUsd > hard);
  return { soft, hold };
}
