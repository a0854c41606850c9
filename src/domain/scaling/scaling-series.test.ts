import { describe, expect, it } from "vitest";
import type { WorkerBounds } from "@/domain/blueprint/plan-agents";
import { decideScaling, type ScalingAction, type ScalingDecision } from "./decide-scaling";
import { scalingBlueprint } from "./fixtures";
import { resolveScalingPolicy, type ScalingPolicy } from "./scaling-policy";
import type { ScalingSample } from "./scaling-signals";

/**
 * Recorded load replayed through decideScaling, one decision per 5 s sample, each applied
 * before the next sample. Agents added by a decision run from the next sample on.
 */

const TICK_MS = 5000;

/** What the cluster reports at one tick for `running` agents. */
type World = (tick: number, running: number) => Omit<ScalingSample, "at">;

interface Replay {
  targets: number[];
  decisions: ScalingDecision[];
  directionChanges: number;
}

function replay(
  world: World,
  ticks: number,
  options: { policy?: ScalingPolicy; bounds?: WorkerBounds; target?: number } = {},
): Replay {
  const {
    policy = resolveScalingPolicy(scalingBlueprint({ scale_up_threshold: 10, scale_down_threshold: 2 })),
    bounds = { min: 2, max: 20 },
  } = options;
  let target = options.target ?? bounds.min;
  let running = target;
  let lastAction: ScalingAction | null = null;
  const samples: ScalingSample[] = [];
  const targets: number[] = [];
  const decisions: ScalingDecision[] = [];
  for (let tick = 0; tick < ticks; tick++) {
    const now = tick * TICK_MS;
    samples.push({ at: now, ...world(tick, running) });
    const decision = decideScaling({ now, target, bounds, policy, samples: samples.slice(-30), lastAction });
    if (decision.direction !== "none") {
      target = decision.to;
      lastAction = { direction: decision.direction, at: now };
    }
    running = target;
    targets.push(target);
    decisions.push(decision);
  }
  return { targets, decisions, directionChanges: countDirectionChanges(decisions) };
}

function countDirectionChanges(decisions: ScalingDecision[]): number {
  const moves = decisions.map((d) => d.direction).filter((d) => d !== "none");
  return moves.filter((direction, i) => i > 0 && direction !== moves[i - 1]).length;
}

/**
 * Tasks arrive per tick; every agent finishes one task per tick. Busy agents and the queue
 * follow from the backlog, as the metrics sampler would see them.
 */
function taskWorld(arrivals: (tick: number) => number): World {
  let backlog = 0;
  let lastTick = -1;
  return (tick, running) => {
    for (; lastTick < tick; lastTick++) backlog += arrivals(lastTick + 1);
    const busy = Math.min(running, backlog);
    const sample = {
      queueLength: backlog - busy,
      busyAgents: busy,
      idleAgents: running - busy,
      runningAgents: running,
      loadPercent: running > 0 ? (busy / running) * 100 : 0,
      avgResponseMs: null,
    };
    backlog -= busy; // finished by the next tick
    return sample;
  };
}

const first = (targets: number[], predicate: (target: number) => boolean) => targets.findIndex(predicate);

/** A recorded series that does not depend on the cluster's size: `busy` follows the given load. */
function recordedLoad(loads: number[], queue: number): World {
  return (tick, running) => {
    const loadPercent = loads[tick % loads.length] ?? 0;
    const busy = Math.round((running * loadPercent) / 100);
    return {
      queueLength: queue,
      busyAgents: busy,
      idleAgents: running - busy,
      runningAgents: running,
      loadPercent,
      avgResponseMs: null,
    };
  };
}

const MINUTE = 60_000 / TICK_MS;
const undamped = resolveScalingPolicy(
  scalingBlueprint({
    scale_up_threshold: 10,
    scale_down_threshold: 2,
    tolerance: 0,
    stabilization_seconds: 0,
    scale_up_cooldown_seconds: 0,
    scale_down_cooldown_seconds: 0,
  }),
);
const sawtooth = (tick: number) => (tick < 10 * MINUTE ? tick % 12 : 0); // 0..11 tasks a tick, a 1-minute period

describe("replayed load", () => {
  it("steady load at the right size: no decision changes anything", () => {
    const { targets, decisions } = replay(
      taskWorld(() => 3),
      10 * MINUTE,
      { target: 4 },
    );
    expect(new Set(targets)).toEqual(new Set([4]));
    expect(decisions.at(-1)?.reason).toBe(
      "no change: queue 0 is below 2, but 3 agents were busy within the last 1 min; fewer agents would be overloaded",
    );
  });

  it("steady load on too many agents: one step down to what the work needs, then it stays", () => {
    const { targets, directionChanges } = replay(
      taskWorld(() => 3),
      10 * MINUTE,
      { target: 10 },
    );
    expect(first(targets, (t) => t < 10)).toBe(MINUTE);
    expect(new Set(targets.slice(MINUTE))).toEqual(new Set([6]));
    expect(directionChanges).toBe(0);
  });

  it("a burst crossing the threshold grows the cluster in the same decision, to the limit, and back to the minimum after", () => {
    const burstAt = 2;
    const { targets, decisions, directionChanges } = replay(
      taskWorld((tick) => (tick === burstAt ? 100 : 0)),
      10 * MINUTE,
    );
    expect(targets.slice(0, burstAt)).toEqual([2, 2]);
    expect(decisions[burstAt]).toMatchObject({ direction: "up", trigger: "queue_length" });
    expect(first(targets, (t) => t === 20) * TICK_MS - burstAt * TICK_MS).toBeLessThanOrEqual(30_000);
    expect(targets.at(-1)).toBe(2);
    expect(directionChanges).toBe(1);
  });

  it("a sawtooth load grows once and holds instead of following every tooth", () => {
    const { targets, directionChanges } = replay(taskWorld(sawtooth), 15 * MINUTE);
    const duringLoad = targets.slice(2 * MINUTE, 10 * MINUTE);
    expect(Math.min(...duringLoad)).toBe(Math.max(...duringLoad));
    expect(targets.at(-1)).toBe(2);
    expect(directionChanges).toBe(1);
  });

  it("the same sawtooth without tolerance, stabilization and cool-downs flaps", () => {
    expect(replay(taskWorld(sawtooth), 15 * MINUTE, { policy: undamped }).directionChanges).toBeGreaterThan(10);
  });

  it("a slow ramp is followed step by step, never down", () => {
    const { targets, decisions } = replay(
      taskWorld((tick) => Math.min(15, Math.floor(tick / 8))),
      12 * MINUTE,
    );
    expect(decisions.some((d) => d.direction === "down")).toBe(false);
    expect(targets.at(-1)).toBeGreaterThanOrEqual(15);
    for (const [i, target] of targets.entries()) expect(target).toBeGreaterThanOrEqual(targets[i - 1] ?? target);
  });

  it("noisy load around 80 % stays put within the tolerance band, and creeps up without it", () => {
    const noisy = [76, 84, 79, 87, 81, 74, 86, 83, 78, 85]; // within ±10 % of 80
    const world = () => recordedLoad(noisy, 5);
    const damped = replay(world(), 10 * MINUTE, { target: 8 });
    expect(new Set(damped.targets)).toEqual(new Set([8]));
    expect(damped.decisions[1]?.reason).toBe("no change: load 84 % is above 80 % but within the 10 % tolerance");
    const strict = resolveScalingPolicy(
      scalingBlueprint({ scale_up_threshold: 10, scale_down_threshold: 2, tolerance: 0 }),
    );
    expect(replay(world(), 10 * MINUTE, { target: 8, policy: strict }).targets.at(-1)).toBe(20);
  });

  it("a load step up then down: follows up at once, holds for the window, then shrinks without oscillating", () => {
    const stepAt = 2 * MINUTE;
    const stepEnd = 5 * MINUTE;
    const { targets, decisions, directionChanges } = replay(
      taskWorld((tick) => (tick >= stepAt && tick < stepEnd ? 12 : 0)),
      12 * MINUTE,
    );
    expect(decisions[stepAt]?.direction).toBe("up");
    expect(first(targets, (t) => t >= 12) - stepAt).toBeLessThanOrEqual(30_000 / TICK_MS);
    const firstDown = decisions.findIndex((d) => d.direction === "down");
    expect(firstDown - stepEnd).toBeGreaterThanOrEqual(MINUTE);
    expect(targets.at(-1)).toBe(2);
    expect(directionChanges).toBe(1);
  });

  it("brings a target from outside the bounds in and keeps every later one inside", () => {
    const { targets, decisions } = replay(
      taskWorld((tick) => (tick < 3 * MINUTE ? 12 : 0)),
      10 * MINUTE,
      { target: 12, bounds: { min: 3, max: 9 } },
    );
    expect(decisions[0]).toMatchObject({ direction: "down", to: 9, trigger: "bounds" });
    expect(
      decisions.slice(1, 3 * MINUTE).every((d) => d.reason.startsWith("no change: at the maximum of 9 agents")),
    ).toBe(true);
    expect(Math.max(...targets)).toBe(9);
    expect(targets.at(-1)).toBe(3);
  });

  it("shrinks as slowly as the blueprint asks", () => {
    const gentle = resolveScalingPolicy(
      scalingBlueprint({
        scale_up_threshold: 10,
        scale_down_threshold: 2,
        max_step_down: 1,
        stabilization_seconds: 120,
        scale_down_cooldown_seconds: 60,
      }),
    );
    const { targets } = replay(
      taskWorld(() => 0),
      10 * MINUTE,
      { target: 6, policy: gentle },
    );
    expect([...new Set(targets)]).toEqual([6, 5, 4, 3, 2]);
    expect(first(targets, (t) => t === 5)).toBe(2 * MINUTE);
    expect(first(targets, (t) => t === 4)).toBe(3 * MINUTE);
  });
});
