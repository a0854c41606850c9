import { describe, expect, it } from "vitest";
import { type Blueprint, blueprintSchema } from "@/schemas/blueprint";
import {
  agentKey,
  defaultTargetWorkers,
  type PlannedAgent,
  planAgents,
  planRoleCounts,
  workerBounds,
} from "./plan-agents";

type AgentInput = Record<string, unknown> & { role: string };

function blueprint(agents: AgentInput[], cluster: Record<string, unknown> = {}): Blueprint {
  return blueprintSchema.parse({
    metadata: { id: "test", name: "Test", version: "1" },
    cluster: { type: "department", min_workers: 0, max_workers: 50, ...cluster },
    agents: agents.map((agent) => ({ name: agent.role, ...agent })),
  });
}

const parents = (plan: PlannedAgent[]) => Object.fromEntries(plan.map((agent) => [agent.key, agent.parentKey]));

const simple = blueprint(
  [
    { role: "supervisor", name: "Boss" },
    { role: "worker", name: "Content Creator", count: "0-5", reports_to: "supervisor", capabilities: ["copywriting"] },
  ],
  { min_workers: 1, max_workers: 20 },
);

describe("workerBounds", () => {
  it("is the overlap of the cluster's limits and what the counts allow", () => {
    expect(workerBounds(simple)).toEqual({ min: 1, max: 6 });
    const tight = blueprint([{ role: "boss" }, { role: "w", reports_to: "boss", count: "2-40" }], {
      min_workers: 5,
      max_workers: 10,
    });
    expect(workerBounds(tight)).toEqual({ min: 5, max: 10 });
  });

  it("defaults the target to the smallest feasible size", () => {
    expect(defaultTargetWorkers(simple)).toBe(1);
    const atLeastFour = blueprint([{ role: "boss" }, { role: "w", reports_to: "boss", count: "0-9" }], {
      min_workers: 4,
    });
    expect(defaultTargetWorkers(atLeastFour)).toBe(4);
  });
});

describe("planRoleCounts", () => {
  it("gives each role its minimum, then deals the rest round-robin over range roles", () => {
    const bp = blueprint([
      { role: "boss" },
      { role: "fixed", reports_to: "boss", count: 2 },
      { role: "a", reports_to: "boss", count: "0-5" },
      { role: "b", reports_to: "boss", count: "1-5" },
    ]);
    expect(planRoleCounts(bp, 4)).toEqual({ boss: 1, fixed: 2, a: 0, b: 1 });
    expect(planRoleCounts(bp, 5)).toEqual({ boss: 1, fixed: 2, a: 1, b: 1 });
    expect(planRoleCounts(bp, 6)).toEqual({ boss: 1, fixed: 2, a: 1, b: 2 });
    expect(planRoleCounts(bp, 7)).toEqual({ boss: 1, fixed: 2, a: 2, b: 2 });
  });

  it("skips roles that are full", () => {
    const bp = blueprint([
      { role: "boss" },
      { role: "a", reports_to: "boss", count: "0-1" },
      { role: "b", reports_to: "boss", count: "0-5" },
    ]);
    expect(planRoleCounts(bp, 5)).toEqual({ boss: 1, a: 1, b: 3 });
    expect(planRoleCounts(bp, 7)).toEqual({ boss: 1, a: 1, b: 5 });
  });

  it("throws a RangeError outside the feasible bounds", () => {
    expect(() => planRoleCounts(simple, 0)).toThrow(
      new RangeError('cannot plan 0 agents for blueprint "test": it must be between 1 and 6'),
    );
    expect(() => planRoleCounts(simple, 7)).toThrow(RangeError);
    expect(() => planRoleCounts(simple, 2.5)).toThrow(RangeError);
  });

  it("says when no size fits at all", () => {
    const impossible = blueprint([{ role: "boss" }, { role: "w", reports_to: "boss", count: 5 }], { max_workers: 3 });
    expect(() => planRoleCounts(impossible, 3)).toThrow(/no size fits this blueprint/);
  });
});

describe("planAgents", () => {
  it("plans 5 workers all reporting to supervisor-1 for a target of 6", () => {
    const plan = planAgents(simple, 6);
    expect(plan.map((agent) => agent.key)).toEqual([
      "supervisor-1",
      "worker-1",
      "worker-2",
      "worker-3",
      "worker-4",
      "worker-5",
    ]);
    expect(plan[0]?.parentKey).toBeNull();
    expect(plan.slice(1).every((agent) => agent.parentKey === "supervisor-1")).toBe(true);
  });

  it("numbers names for roles that can have several agents", () => {
    const plan = planAgents(simple, 3);
    expect(plan.map((agent) => agent.name)).toEqual(["Boss", "Content Creator 1", "Content Creator 2"]);
    expect(planAgents(simple, 2)[1]?.name).toBe("Content Creator 1");
  });

  it("carries the role's settings and resolved tier onto each agent", () => {
    const bp = blueprint([
      { role: "boss", name: "Boss", capabilities: ["strategy"] },
      {
        role: "coder",
        name: "Coder",
        tier: "specialist",
        reports_to: "boss",
        weight: 3,
        concurrency: 4,
        limits: { memory_mb: 256 },
        runtime: { type: "command", argv: ["cat"] },
      },
    ]);
    const [boss, coder] = planAgents(bp, 2);
    expect(boss).toEqual({
      key: "boss-1",
      role: "boss",
      tier: "supervisor",
      name: "Boss",
      capabilities: ["strategy"],
      parentKey: null,
      runtime: { type: "builtin", behaviour: "echo" },
      concurrency: 1,
      weight: 1,
    });
    expect(coder).toMatchObject({
      key: "coder-1",
      tier: "specialist",
      parentKey: "boss-1",
      weight: 3,
      concurrency: 4,
      limits: { memory_mb: 256 },
      runtime: { type: "command", argv: ["cat"], prompt_via: "stdin" },
    });
  });

  it("lets two range roles share the extra agents round-robin", () => {
    const bp = blueprint([
      { role: "supervisor" },
      { role: "writer", reports_to: "supervisor", count: "0-5" },
      { role: "designer", reports_to: "supervisor", count: "0-5" },
    ]);
    const keys = planAgents(bp, 4).map((agent) => agent.key);
    expect(keys).toEqual(["supervisor-1", "writer-1", "writer-2", "designer-1"]);
    expect(planRoleCounts(bp, 6)).toEqual({ supervisor: 1, writer: 3, designer: 2 });
  });

  it("spreads subordinates round-robin over the manager role's agents", () => {
    const bp = blueprint([
      { role: "supervisor" },
      { role: "lead", reports_to: "supervisor", count: 2 },
      { role: "worker", reports_to: "lead", count: "0-5" },
    ]);
    expect(parents(planAgents(bp, 8))).toEqual({
      "supervisor-1": null,
      "lead-1": "supervisor-1",
      "lead-2": "supervisor-1",
      "worker-1": "lead-1",
      "worker-2": "lead-2",
      "worker-3": "lead-1",
      "worker-4": "lead-2",
      "worker-5": "lead-1",
    });
  });

  it("orders managers before subordinates whatever the blueprint order", () => {
    const bp = blueprint([
      { role: "worker", reports_to: "lead" },
      { role: "lead", reports_to: "boss" },
      { role: "boss" },
    ]);
    expect(planAgents(bp, 3).map((agent) => agent.key)).toEqual(["boss-1", "lead-1", "worker-1"]);
  });

  it("grows by exactly one agent per step, keeping every existing key", () => {
    const bp = blueprint([
      { role: "supervisor" },
      { role: "lead", reports_to: "supervisor", count: "1-3" },
      { role: "worker", reports_to: "lead", count: "0-6" },
    ]);
    const { min, max } = workerBounds(bp);
    for (let target = min; target < max; target++) {
      const before = parents(planAgents(bp, target));
      const after = parents(planAgents(bp, target + 1));
      expect(Object.keys(after).filter((key) => !(key in before))).toHaveLength(1);
      expect(Object.keys(before).every((key) => key in after)).toBe(true);
    }
  });

  it("gives every agent a unique key", () => {
    const bp = blueprint([{ role: "a" }, { role: "a-1", reports_to: "a", count: "0-12" }]);
    const keys = planAgents(bp, 13).map((agent) => agent.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(agentKey("a-1", 1)).toBe("a-1-1");
  });

  it("throws a RangeError for a target outside workerBounds", () => {
    expect(() => planAgents(simple, 7)).toThrow(RangeError);
    expect(() => planAgents(simple, 0)).toThrow(/between 1 and 6/);
  });

  it("refuses a hierarchy validateBlueprint would reject", () => {
    const cyclic = blueprint([{ role: "boss" }, { role: "a", reports_to: "b" }, { role: "b", reports_to: "a" }]);
    expect(() => planAgents(cyclic, 3)).toThrow(/invalid hierarchy/);
    const orphaned = blueprint([
      { role: "boss" },
      { role: "lead", reports_to: "boss", count: "0-1" },
      { role: "w", reports_to: "lead" },
    ]);
    expect(() => planAgents(orphaned, 2)).toThrow(/reports to "lead", which has no agents/);
  });
});
