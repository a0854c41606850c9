import type { WorkerBounds } from "@/domain/blueprint/plan-agents";
import { formatMs, formatPercent } from "./format-values";
import { type ScalingPolicy, stepLimit } from "./scaling-policy";
import {
  downSignals,
  neededAgents,
  type ScalingSample,
  type ScalingTrigger,
  summarize,
  upSignals,
} from "./scaling-signals";

/**
 * The scaling decision: a pure function of the recent samples, the policy and the time.
 *
 * Up reacts to the latest sample at once (a backlog should not wait), sized to the excess and
 * limited by the step and the bounds. Down is slow on purpose: every sample of the
 * stabilization window must allow it, the cool-down must have passed, and it never goes below
 * what the busiest sample of the window needed — so the cluster does not flap.
 */

export interface ScalingAction {
  direction: "up" | "down";
  /** When the last change was applied (ms since the epoch). */
  at: number;
}

export interface ScalingInput {
  now: number;
  /** The cluster's current target size (all agents). */
  target: number;
  bounds: WorkerBounds;
  policy: ScalingPolicy;
  /** Oldest first, reaching back at least the stabilization window before `now`. */
  samples: readonly ScalingSample[];
  lastAction: ScalingAction | null;
}

export interface ScalingDecision {
  direction: "up" | "down" | "none";
  from: number;
  to: number;
  delta: number;
  /** Why, naming the metric and its values; "no change: …" when nothing moves. */
  reason: string;
  /** The trigger that fired, also when it was held back (cool-down, bounds, stabilizing). */
  trigger?: ScalingTrigger;
  /** The latest sample in words, or undefined when there was none. */
  observed?: string;
}

export function decideScaling(input: ScalingInput): ScalingDecision {
  checkInput(input);
  const { target, bounds, samples } = input;
  const latest = samples.at(-1);
  const observed = latest && summarize(latest);
  if (target < bounds.min)
    return change(target, bounds.min, "bounds", `target ${target} is below the minimum of ${bounds.min}`, observed);
  if (target > bounds.max)
    return change(target, bounds.max, "bounds", `target ${target} is above the maximum of ${bounds.max}`, observed);
  if (!latest) return hold(target, "no metrics yet");
  return decideUp(input, latest) ?? decideDown(input, latest);
}

function decideUp(input: ScalingInput, latest: ScalingSample): ScalingDecision | undefined {
  const { now, target, bounds, policy, lastAction } = input;
  const { fired } = upSignals(latest, policy, target);
  const strongest = fired.reduce<(typeof fired)[number] | undefined>(
    (most, s) => (!most || s.desired > most.desired ? s : most),
    undefined,
  );
  if (!strongest) return undefined;
  const why = fired.map((signal) => signal.text).join(", ");
  const observed = summarize(latest);
  const held = (because: string) => hold(target, `${because}; ${why}`, strongest.trigger, observed);

  if (target >= bounds.max) return held(`at the maximum of ${bounds.max} agents`);
  if (lastAction?.direction === "up" && now - lastAction.at < policy.upCooldownMs) {
    return held(`cooling down ${formatMs(policy.upCooldownMs - (now - lastAction.at))} more after growing`);
  }
  const step = stepLimit(policy.maxStepUp, target);
  const to = Math.min(strongest.desired, target + step, bounds.max);
  if (to <= target) {
    return held(`${target - latest.runningAgents} of ${target} agents are not running yet`);
  }
  const limit =
    to === strongest.desired
      ? ""
      : to === bounds.max
        ? `, the maximum (${strongest.desired} wanted)`
        : `, at most +${step} per step (${strongest.desired} wanted)`;
  return change(target, to, strongest.trigger, `${why}${limit}`, observed);
}

function decideDown(input: ScalingInput, latest: ScalingSample): ScalingDecision {
  const { now, target, bounds, policy, samples, lastAction } = input;
  const observed = summarize(latest);
  const down = downSignals(latest, policy);
  const first = down.fired[0];
  if (!first) {
    const held = [...upSignals(latest, policy, target).held, ...down.held];
    return hold(target, held.length > 0 ? held.join("; ") : inBand(latest, policy), undefined, observed);
  }
  const why = down.fired.map((signal) => signal.text).join(", ");
  const held = (because: string) => hold(target, because, first.trigger, observed);

  if (target <= bounds.min) return held(`at the minimum of ${bounds.min} agents; ${why}`);
  if (lastAction && now - lastAction.at < policy.downCooldownMs) {
    const after = lastAction.direction === "up" ? "growing" : "shrinking";
    return held(`cooling down ${formatMs(policy.downCooldownMs - (now - lastAction.at))} more after ${after}; ${why}`);
  }
  const window = formatMs(policy.stabilizationMs);
  const calmFor = now - calmSince(input);
  if (calmFor < policy.stabilizationMs)
    return held(`stabilizing: ${why}, for ${formatMs(calmFor)} of the ${window} window`);

  const recent = samples.filter((sample) => sample.at >= now - policy.stabilizationMs);
  const need = (recent.length > 0 ? recent : [latest])
    .map((sample) => neededAgents(sample, policy))
    .reduce((most, n) => (n.agents > most.agents ? n : most));
  if (need.agents >= target)
    return held(`${why}, but ${need.because} within the last ${window}; fewer agents would be overloaded`);

  const step = stepLimit(policy.maxStepDown, target);
  const to = Math.max(need.agents, target - step, bounds.min);
  const limit =
    to === need.agents
      ? `, enough as ${need.because}`
      : to === bounds.min
        ? ", the minimum"
        : `, at most -${step} per step`;
  return change(target, to, first.trigger, `${why}, throughout the last ${window}${limit}`, observed);
}

/** Since when every sample has allowed shrinking: some down-trigger fired and no up-trigger. */
function calmSince({ samples, policy, target }: ScalingInput): number {
  const allowsDown = (sample: ScalingSample) =>
    upSignals(sample, policy, target).fired.length === 0 && downSignals(sample, policy).fired.length > 0;
  let start = samples.length - 1;
  while (start > 0 && allowsDown(samples[start - 1] as ScalingSample)) start--;
  return (samples[start] as ScalingSample).at;
}

function inBand(latest: ScalingSample, policy: ScalingPolicy): string {
  const { metric, scaleDownThreshold: down, scaleUpThreshold: up } = policy;
  if (metric === "load_percentage")
    return `load ${formatPercent(latest.loadPercent)} is between ${formatPercent(down)} and ${formatPercent(up)}`;
  if (metric === "avg_response_time") {
    return latest.avgResponseMs === null
      ? `no task finished recently and no other trigger fired`
      : `average response ${formatMs(latest.avgResponseMs)} is between ${formatMs(down)} and ${formatMs(up)}`;
  }
  return `queue ${latest.queueLength} is between ${down} and ${up}`;
}

function change(
  from: number,
  to: number,
  trigger: ScalingTrigger,
  why: string,
  observed: string | undefined,
): ScalingDecision {
  const delta = to - from;
  const direction = delta > 0 ? "up" : "down";
  const reason = `${why}: ${from} → ${to} agents`;
  return { direction, from, to, delta, reason, trigger, ...(observed ? { observed } : {}) };
}

function hold(target: number, because: string, trigger?: ScalingTrigger, observed?: string): ScalingDecision {
  return {
    direction: "none",
    from: target,
    to: target,
    delta: 0,
    reason: `no change: ${because}`,
    ...(trigger ? { trigger } : {}),
    ...(observed ? { observed } : {}),
  };
}

function checkInput({ target, bounds, samples }: ScalingInput): void {
  if (!Number.isInteger(target) || target < 0)
    throw new RangeError(`decideScaling: target must be a whole number of 0 or more, got ${target}`);
  if (bounds.min > bounds.max)
    throw new RangeError(`decideScaling: bounds ${bounds.min}-${bounds.max} are empty; no size fits`);
  samples.forEach((sample, i) => {
    const previous = samples[i - 1];
    if (previous && sample.at < previous.at)
      throw new RangeError(`decideScaling: samples[${i}] is older than samples[${i - 1}]; pass samples oldest first`);
    for (const key of ["queueLength", "busyAgents", "idleAgents", "runningAgents", "loadPercent"] as const) {
      if (!Number.isFinite(sample[key]) || sample[key] < 0)
        throw new RangeError(`decideScaling: samples[${i}].${key} must be a number of 0 or more, got ${sample[key]}`);
    }
  });
}
