import { describe, expect, it } from "vitest";
import { decideScaling, type ScalingInput } from "./decide-scaling";
import { sample, scalingBlueprint, steadySamples } from "./fixtures";
import { resolveScalingPolicy } from "./scaling-policy";

const NOW = 1_000_000;
const policy = resolveScalingPolicy(scalingBlueprint({ scale_up_threshold: 10, scale_down_threshold: 2 }));
const bounds = { min: 2, max: 20 };

function decide(input: Partial<ScalingInput> & Pick<ScalingInput, "samples">) {
  return decideScaling({ now: NOW, target: 4, bounds, policy, lastAction: null, ...input });
}

describe("scaling up", () => {
  it("grows at once when the queue crosses the threshold, by the backlog beyond it, at most one step", () => {
    const burst = decide({ samples: [sample(NOW, { busy: 4, queueLength: 30 })] });
    expect(burst).toMatchObject({ direction: "up", from: 4, to: 8, delta: 4, trigger: "queue_length" });
    expect(burst.reason).toBe(
      "queue 30 is above 10, load 100 % is above 80 %, at most +4 per step (24 wanted): 4 → 8 agents",
    );
    expect(burst.observed).toBe("queue 30, load 100 %, 0 of 4 agents idle");

    // Two task slots per agent: three tasks beyond the threshold need two more agents.
    const slots = decide({ samples: [sample(NOW, { busy: 4, queueLength: 13, capacity: 8 })] });
    expect(slots).toMatchObject({ direction: "up", to: 6 });
  });

  it("grows in proportion to load above 80 % and to slow responses while tasks wait", () => {
    expect(decide({ target: 8, samples: [sample(NOW, { running: 8, busy: 8 })] })).toMatchObject({
      direction: "up",
      to: 10,
      trigger: "load_percentage",
    });
    const slow = decide({ samples: [sample(NOW, { avgResponseMs: 9000, queueLength: 3 })] });
    expect(slow).toMatchObject({ direction: "up", to: 8, trigger: "avg_response_time" });
    expect(slow.reason).toContain("average response 9 s is above 5 s");
  });

  it("does not grow for slow responses when no task waits: more agents would sit idle", () => {
    const slowByNature = decide({ samples: [sample(NOW, { avgResponseMs: 9000, queueLength: 2 })] });
    expect(slowByNature.direction).toBe("up");
    const byLoad = resolveScalingPolicy(
      scalingBlueprint({ metric: "load_percentage", scale_up_threshold: 80, scale_down_threshold: 20 }),
    );
    const nothingWaits = decide({
      policy: byLoad,
      samples: [sample(NOW, { avgResponseMs: 9000, queueLength: 0, busy: 3 })],
    });
    expect(nothingWaits).toMatchObject({ direction: "none" });
    expect(nothingWaits.reason).toBe("no change: average response 9 s is above 5 s but no task waits");
  });

  it("treats a value within the tolerance band as at the threshold", () => {
    const near = decide({ samples: [sample(NOW, { busy: 3, queueLength: 11 })] });
    expect(near).toMatchObject({ direction: "none", to: 4 });
    expect(near.reason).toBe("no change: queue 11 is above 10 but within the 10 % tolerance");
    expect(decide({ samples: [sample(NOW, { busy: 3, queueLength: 12 })] }).direction).toBe("up");
  });

  it("stops at the maximum and says so", () => {
    expect(decide({ target: 18, samples: [sample(NOW, { running: 18, busy: 18, queueLength: 100 })] })).toMatchObject({
      direction: "up",
      to: 20,
      reason: expect.stringContaining("the maximum (108 wanted)"),
    });
    const atMax = decide({ target: 20, samples: [sample(NOW, { running: 20, busy: 20, queueLength: 100 })] });
    expect(atMax).toMatchObject({ direction: "none", trigger: "queue_length" });
    expect(atMax.reason).toMatch(/^no change: at the maximum of 20 agents; queue 100 is above 10/);
  });

  it("waits for agents that were added but are not running yet instead of adding more", () => {
    const starting = decide({ target: 10, samples: [sample(NOW, { running: 5, busy: 5 })] });
    expect(starting).toMatchObject({ direction: "none" });
    expect(starting.reason).toContain("5 of 10 agents are not running yet");
  });

  it("holds a second scale-up for the cool-down, but not a scale-up after a scale-down", () => {
    const backlog = [sample(NOW, { busy: 4, queueLength: 30 })];
    const cooling = decide({ samples: backlog, lastAction: { direction: "up", at: NOW - 4000 } });
    expect(cooling).toMatchObject({ direction: "none", trigger: "queue_length" });
    expect(cooling.reason).toMatch(/^no change: cooling down 6 s more after growing; queue 30 is above 10/);
    expect(decide({ samples: backlog, lastAction: { direction: "up", at: NOW - 10_000 } }).direction).toBe("up");
    expect(decide({ samples: backlog, lastAction: { direction: "down", at: NOW - 1000 } }).direction).toBe("up");
  });
});

describe("scaling down", () => {
  const idle = { busy: 1, running: 8 };

  it("shrinks once the down condition has held for the whole stabilization window", () => {
    const decision = decide({ target: 8, samples: steadySamples(NOW, 60_000, idle) });
    expect(decision).toMatchObject({ direction: "down", from: 8, to: 4, delta: -4, trigger: "queue_length" });
    expect(decision.reason).toBe(
      "queue 0 is below 2, load 12.5 % is below 20 %, 7 of 8 agents are idle (more than 50 %), throughout the last 1 min, at most -4 per step: 8 → 4 agents",
    );
  });

  it("waits while the calm is younger than the window, and restarts the wait after a busy sample", () => {
    const young = decide({ target: 8, samples: steadySamples(NOW, 30_000, idle) });
    expect(young).toMatchObject({ direction: "none", trigger: "queue_length" });
    expect(young.reason).toMatch(/^no change: stabilizing: .* for 30 s of the 1 min window$/);

    const interrupted = [
      ...steadySamples(NOW - 45_000, 60_000, idle),
      sample(NOW - 40_000, { running: 8, busy: 8 }),
      ...steadySamples(NOW, 35_000, idle),
    ];
    expect(decide({ target: 8, samples: interrupted }).reason).toContain("for 35 s of the 1 min window");
  });

  it("never shrinks below what the busiest sample of the window needed", () => {
    // Queue empty but 6 of 10 busy: with fewer agents more than half would be busy again.
    const busy = decide({ target: 10, samples: steadySamples(NOW, 60_000, { running: 10, busy: 6 }) });
    expect(busy).toMatchObject({ direction: "none", trigger: "queue_length" });
    expect(busy.reason).toBe(
      "no change: queue 0 is below 2, but 6 agents were busy within the last 1 min; fewer agents would be overloaded",
    );

    const enough = decide({ target: 12, samples: steadySamples(NOW, 60_000, { running: 12, busy: 4 }) });
    expect(enough).toMatchObject({ direction: "down", to: 8 });
    expect(enough.reason).toContain("enough as 4 agents were busy");
  });

  it("waits out the cool-down after any change before shrinking", () => {
    const calm = steadySamples(NOW, 60_000, idle);
    const afterUp = decide({ target: 8, samples: calm, lastAction: { direction: "up", at: NOW - 20_000 } });
    expect(afterUp.reason).toMatch(/^no change: cooling down 10 s more after growing/);
    const afterDown = decide({ target: 8, samples: calm, lastAction: { direction: "down", at: NOW - 29_000 } });
    expect(afterDown.reason).toMatch(/^no change: cooling down 1 s more after shrinking/);
    expect(decide({ target: 8, samples: calm, lastAction: { direction: "down", at: NOW - 30_000 } }).direction).toBe(
      "down",
    );
  });

  it("stops at the minimum and says so", () => {
    const atMin = decide({ target: 2, samples: steadySamples(NOW, 60_000, { running: 2, busy: 0 }) });
    expect(atMin).toMatchObject({ direction: "none", trigger: "queue_length" });
    expect(atMin.reason).toMatch(/^no change: at the minimum of 2 agents; queue 0 is below 2/);
  });
});

describe("every decision", () => {
  it("brings a target outside the bounds back in, cool-down or not", () => {
    const recent = { direction: "up", at: NOW - 1000 } as const;
    expect(decide({ target: 1, samples: [], lastAction: recent })).toMatchObject({
      direction: "up",
      to: 2,
      trigger: "bounds",
      reason: "target 1 is below the minimum of 2: 1 → 2 agents",
    });
    expect(decide({ target: 25, samples: [sample(NOW)], lastAction: recent })).toMatchObject({
      direction: "down",
      to: 20,
      delta: -5,
      trigger: "bounds",
    });
  });

  it("says why nothing changes", () => {
    expect(decide({ samples: [] }).reason).toBe("no change: no metrics yet");
    expect(decide({ samples: [sample(NOW, { queueLength: 5 })] }).reason).toBe(
      "no change: queue 5 is between 2 and 10",
    );
    const load = resolveScalingPolicy(
      scalingBlueprint({ metric: "load_percentage", scale_up_threshold: 70, scale_down_threshold: 30 }),
    );
    expect(decide({ policy: load, samples: [sample(NOW)] }).reason).toBe(
      "no change: load 50 % is between 30 % and 70 %",
    );
  });

  it("rejects input it cannot decide on, naming the field", () => {
    expect(() => decide({ samples: [sample(NOW), sample(NOW - 5000)] })).toThrow(
      "samples[1] is older than samples[0]; pass samples oldest first",
    );
    expect(() => decide({ samples: [sample(NOW, { queueLength: -1 })] })).toThrow(
      "samples[0].queueLength must be a number of 0 or more, got -1",
    );
    expect(() => decide({ samples: [], bounds: { min: 5, max: 3 } })).toThrow("bounds 5-3 are empty");
    expect(() => decide({ samples: [], target: 2.5 })).toThrow("target must be a whole number");
  });
});
