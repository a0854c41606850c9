/**
 * When a chaos drill does what: task batches evenly over its duration, and the failures spread
 * through the middle of it so there is steady traffic before, during and after each one.
 */
export interface DrillOptions {
  tasks: number;
  durationMs: number;
  agentKills: number;
  agentHangs: number;
  runnerKills: number;
  redisRestart: boolean;
}

export type DrillAction = { at: number; kind: "kill_agent" | "hang_agent" | "kill_runner" | "restart_redis" };

export interface DrillPlan {
  /** Tasks to submit at each offset (ms from the start). */
  batches: Array<{ at: number; count: number }>;
  actions: DrillAction[];
}

/** A batch every 100 ms: smooth enough to look like traffic, few enough calls to stay cheap. */
const BATCH_EVERY_MS = 100;

export function planDrill(options: DrillOptions): DrillPlan {
  const slots = Math.max(1, Math.floor(options.durationMs / BATCH_EVERY_MS));
  const batches: DrillPlan["batches"] = [];
  for (let i = 0; i < slots; i++) {
    // Spread the remainder so the counts add up exactly.
    const count = Math.floor(((i + 1) * options.tasks) / slots) - Math.floor((i * options.tasks) / slots);
    if (count > 0) batches.push({ at: i * BATCH_EVERY_MS, count });
  }
  const d = options.durationMs;
  const actions: DrillAction[] = [
    ...spread(options.agentKills, 0.1 * d, 0.85 * d).map((at) => ({ at, kind: "kill_agent" as const })),
    ...spread(options.agentHangs, 0.2 * d, 0.3 * d).map((at) => ({ at, kind: "hang_agent" as const })),
    ...spread(options.runnerKills, 0.35 * d, 0.65 * d).map((at) => ({ at, kind: "kill_runner" as const })),
    ...(options.redisRestart ? [{ at: 0.5 * d, kind: "restart_redis" as const }] : []),
  ];
  actions.sort((a, b) => a.at - b.at);
  return { batches, actions };
}

/** `n` moments evenly within [from, to] (both ends included when n > 1). */
export function spread(n: number, from: number, to: number): number[] {
  if (n <= 0) return [];
  if (n === 1) return [Math.round((from + to) / 2)];
  return Array.from({ length: n }, (_, i) => Math.round(from + ((to - from) * i) / (n - 1)));
}
