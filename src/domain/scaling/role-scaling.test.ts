import { describe, expect, it } from "vitest";
import { planRoleCounts } from "@/domain/blueprint/plan-agents";
import { blueprintSchema } from "@/schemas/blueprint";
import { marketingBlueprint, sample, steadySamples } from "./fixtures";
import { decideRoleScaling, needsFirstAgent, type RoleScalingInput } from "./role-scaling";
import { resolveScalingPolicy } from "./scaling-policy";
import type { ScalingSample } from "./scaling-signals";

const NOW = 10_000_000;
const bp = marketingBlueprint();
const policy = resolveScalingPolicy(bp);

const idle = (running: number) => steadySamples(NOW, 60_000, { running, busy: 0 });

function input(
  targets: Record<string, number>,
  samples: Record<string, ScalingSample[]>,
  extra: Partial<RoleScalingInput> = {},
): RoleScalingInput {
  return {
    now: NOW,
    blueprint: bp,
    policy,
    targets,
    bounds: { min: 5, max: 20 },
    samples,
    lastActions: {},
    freeSlots: 100,
    full: true,
    ...extra,
  };
}

describe("decideRoleScaling", () => {
  it("shrinks an idle cluster by its idle roles and keeps the role that carries the traffic", () => {
    const targets = planRoleCounts(bp, 8); // content_writer 2, social_media_manager 1, seo_specialist 1, analyst 1
    // Echo tasks for the analyst finish at once: it is never busy in a sample, but its tasks finish.
    const traffic = steadySamples(NOW, 60_000, { running: 1, busy: 0, avgResponseMs: 4 });
    const decision = decideRoleScaling(
      input(targets, {
        content_writer: idle(2),
        social_media_manager: idle(1),
        seo_specialist: idle(1),
        analyst: traffic,
      }),
    );
    expect(decision).toMatchObject({
      direction: "down",
      from: 8,
      to: 5,
      changes: { content_writer: -1, social_media_manager: -1, seo_specialist: -1 },
    });
    expect(decision.counts.analyst).toBe(1);
    expect(decision.roles.find((r) => r.role === "analyst")!.reason).toContain("tasks finished within the last minute");
    expect(decision.reason).toMatch(
      /^content_writer: .*; social_media_manager: .*; seo_specialist: .* \(content_writer -1, social_media_manager -1, seo_specialist -1: 8 → 5 agents\)$/,
    );
  });

  it("stops shrinking at the cluster's minimum and says so", () => {
    const targets = { supervisor: 1, content_lead: 1, campaign_lead: 1, content_writer: 1, analyst: 1 };
    const decision = decideRoleScaling(
      input(targets, {
        content_writer: idle(1),
        analyst: steadySamples(NOW, 60_000, { running: 1, busy: 0, avgResponseMs: 4 }),
      }),
    );
    expect(decision.direction).toBe("none");
    expect(decision.reason).toContain("content_writer: the cluster's minimum of 5 agents");
  });

  it("grows the role whose queue is long, and only that role", () => {
    const targets = planRoleCounts(bp, 8);
    const decision = decideRoleScaling(
      input(targets, {
        analyst: [sample(NOW, { running: 1, busy: 1, queueLength: 30 })],
        content_writer: [sample(NOW, { running: 2, busy: 0 })],
      }),
    );
    expect(decision).toMatchObject({ direction: "up", from: 8, to: 10, changes: { analyst: 2 } });
    expect(decision.reason).toMatch(/^analyst: queue 30 is above 10.*\(analyst \+2: 8 → 10 agents\)$/);
  });

  it("gives a role at zero an agent as soon as work waits for it, between intervals and during a cool-down", () => {
    const targets = planRoleCounts(bp, 5); // no analyst
    const decision = decideRoleScaling(
      input(
        targets,
        { analyst: [sample(NOW, { running: 0, busy: 0, queueLength: 1 })] },
        { full: false, lastActions: { analyst: { direction: "down", at: NOW - 10 } } },
      ),
    );
    expect(decision).toMatchObject({
      direction: "up",
      to: 6,
      changes: { analyst: 1 },
      fromZero: true,
      trigger: "queue_length",
    });
    expect(decision.reason).toContain("1 task waits for analyst, which has no agent");
    expect(needsFirstAgent(0, [sample(NOW, { queueLength: 2 })])).toBe(true);
    expect(needsFirstAgent(1, [sample(NOW, { queueLength: 2 })])).toBe(false);
  });

  it("judges nothing else between intervals", () => {
    const decision = decideRoleScaling(
      input(
        planRoleCounts(bp, 8),
        { analyst: [sample(NOW, { running: 1, busy: 1, queueLength: 30 })] },
        { full: false },
      ),
    );
    expect(decision).toMatchObject({ direction: "none", roles: [] });
  });

  it("waits for free agent slots and says how many there are", () => {
    const decision = decideRoleScaling(
      input(
        planRoleCounts(bp, 5),
        { analyst: [sample(NOW, { running: 0, busy: 0, queueLength: 4 })] },
        { freeSlots: 0 },
      ),
    );
    expect(decision.direction).toBe("none");
    expect(decision.reason).toContain("analyst: only 0 free agent slots on the live nodes; 4 tasks wait for analyst");
  });

  it("brings a manager along for a role that grows from zero, and keeps a manager whose team has agents", () => {
    const tree = blueprintSchema.parse({
      metadata: { id: "tree", name: "Tree", version: "1" },
      cluster: {
        type: "department",
        min_workers: 1,
        max_workers: 10,
        scaling: { metric: "task_queue_length", scale_up_threshold: 2, scale_down_threshold: 1 },
      },
      agents: [
        { role: "boss", name: "Boss" },
        { role: "lead", name: "Lead", count: "0-2", reports_to: "boss" },
        { role: "worker", name: "Worker", count: "0-4", reports_to: "lead" },
      ],
    });
    const base = {
      now: NOW,
      blueprint: tree,
      policy: resolveScalingPolicy(tree),
      bounds: { min: 1, max: 10 },
      lastActions: {},
      freeSlots: 10,
    };
    const grow = decideRoleScaling({
      ...base,
      full: false,
      targets: { boss: 1 },
      samples: { worker: [sample(NOW, { running: 0, busy: 0, queueLength: 1 })] },
    });
    expect(grow).toMatchObject({ direction: "up", from: 1, to: 3, changes: { lead: 1, worker: 1 } });

    const keep = decideRoleScaling({
      ...base,
      full: true,
      targets: { boss: 1, lead: 1, worker: 1 },
      samples: { lead: idle(1), worker: steadySamples(NOW, 60_000, { running: 1, busy: 0, avgResponseMs: 3 }) },
    });
    expect(keep.direction).toBe("none");
    expect(keep.counts).toEqual({ boss: 1, lead: 1, worker: 1 });
    expect(keep.reason).toContain("lead: worker reports to it");
  });
});
