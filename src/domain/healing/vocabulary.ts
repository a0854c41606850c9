/**
 * The words of the healing history, defined once: the database's enums, the event and API
 * schemas, the services and the dashboard's filters and labels all use these lists.
 * infra/database/vocabularies.ts holds them equal to the Prisma enums.
 */

/** What an entry is about. */
export const HEALING_KINDS = [
  "agent_crashed",
  "agent_hung",
  "circuit_opened",
  "circuit_closed",
  "node_lost",
  "cpu_high",
  "memory_high",
  "disk_high",
  "redis_down",
  "redis_slow",
  "database_down",
  "database_slow",
  "manual_heal",
  "chaos_drill",
  "node_fenced",
  "node_drained",
  "node_rebalanced",
  "leader_failover",
] as const;
export type HealingKind = (typeof HEALING_KINDS)[number];

export const HEALING_SEVERITIES = ["info", "warning", "critical"] as const;
export type HealingSeverity = (typeof HEALING_SEVERITIES)[number];

/** pending: detected, the action still runs; held: Myzel holds back on purpose (an open circuit). */
export const HEALING_OUTCOMES = ["pending", "ok", "failed", "held"] as const;
export type HealingOutcome = (typeof HEALING_OUTCOMES)[number];
export type HealingResult = Exclude<HealingOutcome, "pending">;

/**
 * What Myzel did about it: acted; only reported (nothing it may do, say a slow database); or
 * nothing was needed (a heal run that found everything in order).
 */
export const HEALING_RESPONSES = ["acted", "reported", "clear"] as const;
export type HealingResponse = (typeof HEALING_RESPONSES)[number];
