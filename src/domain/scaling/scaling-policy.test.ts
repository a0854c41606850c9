import { describe, expect, it } from "vitest";
import { type Blueprint, blueprintErrorMap, blueprintSchema } from "@/schemas/blueprint";
import { FIXED_TRIGGERS, parseScalingStep, resolveScalingPolicy, SCALING_DEFAULTS, stepLimit } from "./scaling-policy";

function blueprint(scaling?: Record<string, unknown>): Blueprint {
  return blueprintSchema.parse({
    metadata: { id: "test", name: "Test", version: "1" },
    cluster: { type: "department", min_workers: 1, max_workers: 10, ...(scaling ? { scaling } : {}) },
    agents: [
      { role: "supervisor", name: "Boss" },
      { role: "worker", name: "Worker", count: "0-9", reports_to: "supervisor" },
    ],
  });
}

function scalingErrors(scaling: Record<string, unknown>): string[] {
  const result = blueprintSchema.safeParse(
    {
      metadata: { id: "test", name: "Test", version: "1" },
      cluster: { type: "department", min_workers: 1, max_workers: 10, scaling },
      agents: [{ role: "supervisor", name: "Boss" }],
    },
    { error: blueprintErrorMap },
  );
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("resolveScalingPolicy", () => {
  it("scales on the queue (more than 5 waiting grows, none waiting shrinks) when the blueprint has no scaling block", () => {
    const policy = resolveScalingPolicy(blueprint());
    expect(policy).toMatchObject({
      metric: "task_queue_length",
      scaleUpThreshold: 5,
      scaleDownThreshold: 1,
      ...SCALING_DEFAULTS,
    });
    expect(policy.triggers).toEqual({
      queueUp: 5,
      queueDown: 1,
      loadUpPercent: 80,
      loadDownPercent: 20,
      responseUpMs: 5000,
      responseDownMs: null,
      idleShareDown: 0.5,
    });
  });

  it("lets the blueprint's thresholds replace the fixed trigger of its own metric", () => {
    const load = resolveScalingPolicy(
      blueprint({ metric: "load_percentage", scale_up_threshold: 70, scale_down_threshold: 30 }),
    );
    expect(load.triggers).toMatchObject({
      queueUp: null,
      queueDown: null,
      loadUpPercent: 70,
      loadDownPercent: 30,
      responseUpMs: FIXED_TRIGGERS.responseUpMs,
    });
    const response = resolveScalingPolicy(
      blueprint({ metric: "avg_response_time", scale_up_threshold: 8000, scale_down_threshold: 2000 }),
    );
    expect(response.triggers).toMatchObject({
      queueUp: null,
      loadUpPercent: 80,
      responseUpMs: 8000,
      responseDownMs: 2000,
    });
  });

  it("applies every override the blueprint gives and keeps the defaults for the rest", () => {
    const policy = resolveScalingPolicy(
      blueprint({
        scale_up_threshold: 10,
        scale_down_threshold: 2,
        tolerance: 0,
        stabilization_seconds: 120,
        scale_up_cooldown_seconds: 0,
        scale_down_cooldown_seconds: 45,
        max_step_up: 3,
        max_step_down: "50%",
      }),
    );
    expect(policy).toMatchObject({
      tolerance: 0,
      stabilizationMs: 120_000,
      upCooldownMs: 0,
      downCooldownMs: 45_000,
      maxStepUp: { agents: 3, percent: 0 },
      maxStepDown: { agents: 1, percent: 50 },
    });
    expect(
      resolveScalingPolicy(blueprint({ scale_up_threshold: 10, scale_down_threshold: 2, tolerance: 0.2 })),
    ).toMatchObject({
      tolerance: 0.2,
      stabilizationMs: SCALING_DEFAULTS.stabilizationMs,
      maxStepUp: SCALING_DEFAULTS.maxStepUp,
    });
  });
});

describe("the scaling block of the blueprint schema", () => {
  const thresholds = { scale_up_threshold: 10, scale_down_threshold: 2 };

  it("rejects overrides out of range with the field and the allowed values", () => {
    expect(scalingErrors({ ...thresholds, tolerance: 0.9 })).toEqual([
      "cluster.scaling.tolerance: must be at most 0.5",
    ]);
    expect(scalingErrors({ ...thresholds, stabilization_seconds: 7200 })).toEqual([
      "cluster.scaling.stabilization_seconds: must be at most 900",
    ]);
    expect(scalingErrors({ ...thresholds, max_step_down: "150%" })).toEqual([
      "cluster.scaling.max_step_down: a share must be between 1% and 100%",
    ]);
    expect(scalingErrors({ ...thresholds, max_step_up: "fast" })).toEqual([
      'cluster.scaling.max_step_up: must be a whole number of agents like 2 or a share like "50%"',
    ]);
    expect(scalingErrors({ ...thresholds, max_step_up: 0 })).toHaveLength(1);
  });

  it("suggests the key meant by a typo", () => {
    expect(scalingErrors({ ...thresholds, stabilisation_seconds: 30 })[0]).toContain(
      'did you mean "stabilization_seconds"?',
    );
  });
});

describe("steps", () => {
  it("read a number as agents and a share as a percentage of the current size, at least one agent", () => {
    expect(parseScalingStep(3)).toEqual({ agents: 3, percent: 0 });
    expect(parseScalingStep("50%")).toEqual({ agents: 1, percent: 50 });
    expect(() => parseScalingStep("0%")).toThrow(/like 2 or "50%"/);
    expect(() => parseScalingStep(1.5)).toThrow(/whole number/);
  });

  it("allow the larger of the fixed and the relative limit", () => {
    expect(stepLimit(SCALING_DEFAULTS.maxStepUp, 2)).toBe(4);
    expect(stepLimit(SCALING_DEFAULTS.maxStepUp, 10)).toBe(10);
    expect(stepLimit(SCALING_DEFAULTS.maxStepDown, 3)).toBe(1);
    expect(stepLimit(SCALING_DEFAULTS.maxStepDown, 20)).toBe(10);
    expect(stepLimit({ agents: 1, percent: 25 }, 20)).toBe(5);
  });
});
