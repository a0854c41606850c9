import { formatMs, formatPercent } from "./format-values";
import type { ScalingPolicy } from "./scaling-policy";

/**
 * What one metric sample says: which triggers fire (beyond the tolerance band), which are
 * only near their threshold, and how many agents its work needs. decideScaling combines these
 * over time.
 */

export interface ScalingSample {
  /** When it was taken (ms since the epoch). */
  at: number;
  /** Tasks waiting for an agent. */
  queueLength: number;
  /** Running agents with at least one task in hand. */
  busyAgents: number;
  idleAgents: number;
  /** Agents up and taking tasks, any role; starting and draining ones are not counted. */
  runningAgents: number;
  /** Tasks in hand / task slots of the running agents · 100. */
  loadPercent: number;
  /** Submit → result of recently finished tasks; null when none finished. */
  avgResponseMs: number | null;
  /** Task slots of the running agents (sum of their concurrency); without it one task per agent. */
  capacity?: number;
}

export type ScalingTrigger = "queue_length" | "load_percentage" | "avg_response_time" | "idle_agents" | "bounds";

export interface UpSignal {
  trigger: ScalingTrigger;
  text: string;
  /** Agents this trigger asks for in total. */
  desired: number;
}

export interface DownSignal {
  trigger: ScalingTrigger;
  text: string;
}

export interface Readings<S> {
  fired: S[];
  /** Triggers past their threshold but held back (within tolerance, or more agents would not help). */
  held: string[];
}

/** "queue 4, load 40 %, 6 of 10 agents idle, average response 1.2 s" for every reason. */
export function summarize(sample: ScalingSample): string {
  const response = sample.avgResponseMs === null ? "" : `, average response ${formatMs(sample.avgResponseMs)}`;
  return `queue ${sample.queueLength}, load ${formatPercent(sample.loadPercent)}, ${sample.idleAgents} of ${sample.runningAgents} agents idle${response}`;
}

function slotsPerAgent(sample: ScalingSample): number {
  return sample.capacity && sample.runningAgents > 0 ? sample.capacity / sample.runningAgents : 1;
}

/** Up-triggers of one sample; `current` is the size to grow from when no agent is running yet. */
export function upSignals(sample: ScalingSample, policy: ScalingPolicy, current: number): Readings<UpSignal> {
  const { triggers, tolerance } = policy;
  const base = sample.runningAgents > 0 ? sample.runningAgents : current;
  const fired: UpSignal[] = [];
  const held: string[] = [];
  const check = (trigger: ScalingTrigger, value: number, threshold: number, text: string, desired: () => number) => {
    if (value <= threshold) return;
    if (value <= threshold * (1 + tolerance))
      held.push(`${text} but within the ${formatPercent(tolerance * 100)} tolerance`);
    else fired.push({ trigger, text, desired: Math.max(base + 1, desired()) });
  };

  if (triggers.queueUp !== null) {
    const threshold = triggers.queueUp;
    // Enough agents to take the waiting tasks beyond the threshold.
    check(
      "queue_length",
      sample.queueLength,
      threshold,
      `queue ${sample.queueLength} is above ${threshold}`,
      () => base + Math.ceil((sample.queueLength - threshold) / slotsPerAgent(sample)),
    );
  }
  check(
    "load_percentage",
    sample.loadPercent,
    triggers.loadUpPercent,
    `load ${formatPercent(sample.loadPercent)} is above ${formatPercent(triggers.loadUpPercent)}`,
    () => Math.ceil((base * sample.loadPercent) / triggers.loadUpPercent),
  );
  const response = sample.avgResponseMs;
  if (response !== null && response > triggers.responseUpMs) {
    const text = `average response ${formatMs(response)} is above ${formatMs(triggers.responseUpMs)}`;
    // Slow tasks with nothing waiting are slow by nature; more agents would only sit idle.
    if (sample.queueLength === 0) held.push(`${text} but no task waits`);
    else
      check("avg_response_time", response, triggers.responseUpMs, text, () =>
        Math.ceil((base * response) / triggers.responseUpMs),
      );
  }
  return { fired, held };
}

export function downSignals(sample: ScalingSample, policy: ScalingPolicy): Readings<DownSignal> {
  const { triggers, tolerance } = policy;
  const fired: DownSignal[] = [];
  const held: string[] = [];
  const check = (trigger: ScalingTrigger, below: boolean, near: boolean, text: string) => {
    if (below) fired.push({ trigger, text });
    else if (near) held.push(`${text} but within the ${formatPercent(tolerance * 100)} tolerance`);
  };
  const under = (value: number, threshold: number, trigger: ScalingTrigger, text: string) =>
    check(trigger, value < threshold * (1 - tolerance), value < threshold, text);

  if (triggers.queueDown !== null) {
    under(
      sample.queueLength,
      triggers.queueDown,
      "queue_length",
      `queue ${sample.queueLength} is below ${triggers.queueDown}`,
    );
  }
  if (triggers.responseDownMs !== null && sample.avgResponseMs !== null) {
    const text = `average response ${formatMs(sample.avgResponseMs)} is below ${formatMs(triggers.responseDownMs)}`;
    under(sample.avgResponseMs, triggers.responseDownMs, "avg_response_time", text);
  }
  // Load and idle share say nothing while no agent runs.
  if (sample.runningAgents > 0) {
    const load = `load ${formatPercent(sample.loadPercent)} is below ${formatPercent(triggers.loadDownPercent)}`;
    under(sample.loadPercent, triggers.loadDownPercent, "load_percentage", load);
    const share = sample.idleAgents / sample.runningAgents;
    const idle = `${sample.idleAgents} of ${sample.runningAgents} agents are idle (more than ${formatPercent(triggers.idleShareDown * 100)})`;
    check("idle_agents", share > triggers.idleShareDown * (1 + tolerance), share > triggers.idleShareDown, idle);
  }
  return { fired, held };
}

/**
 * The fewest agents that keep this sample's work comfortable: busy agents stay at most half
 * (the idle trigger's share) of the cluster, load at most the middle of its band, and every
 * waiting task has an agent, and work that finished lately keeps at least one agent. Shrinking
 * below it would soon trip an up-trigger again (or, for a role at zero, leave its tasks waiting).
 */
export function neededAgents(sample: ScalingSample, policy: ScalingPolicy): { agents: number; because: string } {
  const { triggers } = policy;
  const loadMiddle = (triggers.loadUpPercent + triggers.loadDownPercent) / 2;
  const candidates = [
    {
      agents: Math.ceil(sample.busyAgents / (1 - triggers.idleShareDown)),
      because: `${sample.busyAgents} agents were busy`,
    },
    {
      agents: loadMiddle > 0 ? Math.ceil((sample.runningAgents * sample.loadPercent) / loadMiddle) : 0,
      because: `load was ${formatPercent(sample.loadPercent)} on ${sample.runningAgents} agents`,
    },
    {
      agents: sample.busyAgents + Math.ceil(sample.queueLength / slotsPerAgent(sample)),
      because: `${sample.busyAgents} agents were busy and ${sample.queueLength} tasks waited`,
    },
    // Quick tasks leave no agent busy at the moment of a sample, yet someone must take them.
    { agents: sample.avgResponseMs === null ? 0 : 1, because: "tasks finished within the last minute" },
  ];
  return candidates.reduce((most, candidate) => (candidate.agents > most.agents ? candidate : most));
}
