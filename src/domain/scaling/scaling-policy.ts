import type { Blueprint, ScalingMetric } from "@/schemas/blueprint";

/**
 * How a cluster scales: the blueprint's metric and thresholds, the fixed triggers of the Myzel
 * principle, and the damping that keeps it from flapping (tolerance, stabilization, cool-downs,
 * step limits). Resolved once per blueprint; decideScaling only reads it.
 */

/** A step limit: at most max(agents, floor(current · percent / 100)) agents per step. */
export interface ScalingStep {
  agents: number;
  percent: number;
}

/** The conditions that move a cluster; `null` where the trigger does not apply. */
export interface ScalingTriggers {
  /** Waiting tasks above this grow the cluster (the blueprint's threshold with task_queue_length). */
  queueUp: number | null;
  queueDown: number | null;
  loadUpPercent: number;
  loadDownPercent: number;
  responseUpMs: number;
  responseDownMs: number | null;
  /** More than this share of the running agents idle shrinks the cluster. */
  idleShareDown: number;
}

export interface ScalingPolicy {
  metric: ScalingMetric;
  scaleUpThreshold: number;
  scaleDownThreshold: number;
  triggers: ScalingTriggers;
  /** A value within this share of a threshold counts as at it, not beyond it. */
  tolerance: number;
  stabilizationMs: number;
  /** After scaling up, before the next scale-up. */
  upCooldownMs: number;
  /** After any scaling, before the next scale-down. */
  downCooldownMs: number;
  maxStepUp: ScalingStep;
  maxStepDown: ScalingStep;
}

/** The seed's fixed triggers: load above 80 % or below 20 %, responses over 5 s, more than half idle. */
export const FIXED_TRIGGERS = {
  loadUpPercent: 80,
  loadDownPercent: 20,
  responseUpMs: 5000,
  idleShareDown: 0.5,
} as const;

/** Used when a blueprint has no `scaling` block: grow past 5 waiting tasks, shrink once none wait. */
export const DEFAULT_THRESHOLDS = { metric: "task_queue_length", scaleUpThreshold: 5, scaleDownThreshold: 1 } as const;

export const SCALING_DEFAULTS = {
  tolerance: 0.1, // Kubernetes HPA's default: ±10 % is noise, not a trend
  stabilizationMs: 60_000, // a minute of calm before shrinking: outlasts a pause between bursts
  upCooldownMs: 10_000, // new agents start and take tasks within seconds; wait until the metrics show them
  downCooldownMs: 30_000, // after a change, let the queue and load settle at the new size first
  maxStepUp: { agents: 4, percent: 100 }, // HPA's default: double, or +4 for small clusters
  // Halve at most, the mirror of doubling: a step too far down is undone by one step up.
  maxStepDown: { agents: 1, percent: 50 },
} as const satisfies Omit<ScalingPolicy, "metric" | "scaleUpThreshold" | "scaleDownThreshold" | "triggers">;

const STEP_PERCENT = /^(\d+)%$/;

/** 2 → two agents; "50%" → half the current size, at least one agent. */
export function parseScalingStep(step: number | string): ScalingStep {
  if (typeof step === "number") {
    if (Number.isInteger(step) && step >= 1) return { agents: step, percent: 0 };
    throw new RangeError(`a scaling step must be a whole number of agents of 1 or more, got ${step}`);
  }
  const match = STEP_PERCENT.exec(step);
  const percent = Number(match?.[1]);
  if (!match || percent < 1) throw new RangeError(`a scaling step must be like 2 or "50%", got "${step}"`);
  return { agents: 1, percent };
}

/** The most agents one step may add or remove at `current` agents. */
export function stepLimit(step: ScalingStep, current: number): number {
  return Math.max(step.agents, Math.floor((current * step.percent) / 100));
}

/** The blueprint's own thresholds replace the fixed trigger of the same metric. */
function triggersFor(metric: ScalingMetric, up: number, down: number): ScalingTriggers {
  return {
    queueUp: metric === "task_queue_length" ? up : null,
    queueDown: metric === "task_queue_length" ? down : null,
    loadUpPercent: metric === "load_percentage" ? up : FIXED_TRIGGERS.loadUpPercent,
    loadDownPercent: metric === "load_percentage" ? down : FIXED_TRIGGERS.loadDownPercent,
    responseUpMs: metric === "avg_response_time" ? up : FIXED_TRIGGERS.responseUpMs,
    responseDownMs: metric === "avg_response_time" ? down : null,
    idleShareDown: FIXED_TRIGGERS.idleShareDown,
  };
}

const ms = (seconds: number | undefined, fallback: number) => (seconds === undefined ? fallback : seconds * 1000);

export function resolveScalingPolicy(blueprint: Blueprint): ScalingPolicy {
  const scaling = blueprint.cluster.scaling;
  const metric = scaling?.metric ?? DEFAULT_THRESHOLDS.metric;
  const scaleUpThreshold = scaling?.scale_up_threshold ?? DEFAULT_THRESHOLDS.scaleUpThreshold;
  const scaleDownThreshold = scaling?.scale_down_threshold ?? DEFAULT_THRESHOLDS.scaleDownThreshold;
  return {
    metric,
    scaleUpThreshold,
    scaleDownThreshold,
    triggers: triggersFor(metric, scaleUpThreshold, scaleDownThreshold),
    tolerance: scaling?.tolerance ?? SCALING_DEFAULTS.tolerance,
    stabilizationMs: ms(scaling?.stabilization_seconds, SCALING_DEFAULTS.stabilizationMs),
    upCooldownMs: ms(scaling?.scale_up_cooldown_seconds, SCALING_DEFAULTS.upCooldownMs),
    downCooldownMs: ms(scaling?.scale_down_cooldown_seconds, SCALING_DEFAULTS.downCooldownMs),
    maxStepUp:
      scaling?.max_step_up === undefined ? { ...SCALING_DEFAULTS.maxStepUp } : parseScalingStep(scaling.max_step_up),
    maxStepDown:
      scaling?.max_step_down === undefined
        ? { ...SCALING_DEFAULTS.maxStepDown }
        : parseScalingStep(scaling.max_step_down),
  };
}
