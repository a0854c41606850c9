import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type DelegationCheck, delegationLineage, delegationRefusal } from "./delegation-guard";
import { TASK_STATES } from "./task-states";

const ok = (): DelegationCheck => ({
  parent: { id: "p", status: "RUNNING", agentId: "boss", rootTaskId: "root", depth: 1, chain: ["ceo"] },
  fromAgentId: "boss",
  target: { id: "worker", agentKey: "worker-1", reportsToId: "boss" },
  targetAgentId: "worker",
  budgetUsed: 3,
  limits: { maxDepth: 4, budget: 10 },
});

describe("delegationLineage", () => {
  it("puts the subtask one level down under the parent's root, with the delegator on the chain", () => {
    expect(delegationLineage(ok().parent, "boss")).toEqual({ rootTaskId: "root", depth: 2, chain: ["ceo", "boss"] });
  });

  it("makes the parent the root when it has none", () => {
    const parent = { ...ok().parent, rootTaskId: null, depth: 0, chain: [] };
    expect(delegationLineage(parent, "boss")).toEqual({ rootTaskId: "p", depth: 1, chain: ["boss"] });
  });
});

describe("delegationRefusal", () => {
  it("lets a holder of an open parent delegate to its subordinate", () => {
    expect(delegationRefusal(ok())).toBeUndefined();
  });

  it.each(["SUCCEEDED", "FAILED", "CANCELLED"] as const)("refuses under a parent already %s", (status) => {
    expect(delegationRefusal({ ...ok(), parent: { ...ok().parent, status } })).toBe(
      `the parent task is already ${status}`,
    );
  });

  it("refuses an agent that does not hold the parent", () => {
    expect(delegationRefusal({ ...ok(), parent: { ...ok().parent, agentId: "someone" } })).toBe(
      "only the agent holding the parent task may delegate it",
    );
  });

  it("refuses past the depth limit, and allows exactly at it", () => {
    expect(delegationRefusal({ ...ok(), limits: { maxDepth: 2, budget: 10 } })).toBeUndefined();
    expect(delegationRefusal({ ...ok(), limits: { maxDepth: 1, budget: 10 } })).toMatch(/deeper than 1 levels/);
  });

  it("refuses once the root's budget is spent, and allows its last subtask", () => {
    expect(delegationRefusal({ ...ok(), budgetUsed: 10 })).toBeUndefined();
    expect(delegationRefusal({ ...ok(), budgetUsed: 11 })).toMatch(/budget of 10 subtasks is spent/);
  });

  it("refuses a target that is not an active agent of the cluster", () => {
    expect(delegationRefusal({ ...ok(), target: null })).toBe("agent worker is not an active agent of this cluster");
    expect(delegationRefusal({ ...ok(), target: null, targetAgentId: null })).toBe(
      "agent (none) is not an active agent of this cluster",
    );
  });

  it("refuses a target up the chain (a cycle), even one that reports to the delegator", () => {
    const target = { id: "ceo", agentKey: "ceo", reportsToId: "boss" };
    expect(delegationRefusal({ ...ok(), target })).toBe("the target already delegated this work (a cycle)");
    expect(delegationRefusal({ ...ok(), target: { ...target, id: "boss" } })).toMatch(/a cycle/);
  });

  it("refuses a target that does not report to the delegator", () => {
    expect(delegationRefusal({ ...ok(), target: { id: "peer", agentKey: "peer-1", reportsToId: "ceo" } })).toBe(
      "peer-1 does not report to the delegating agent",
    );
  });

  it("allows only what passes every guard", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TASK_STATES),
        fc.constantFrom("boss", "other"),
        fc.nat(6),
        fc.nat(12),
        fc.option(fc.record({ id: fc.constantFrom("w", "ceo", "boss"), reportsToId: fc.constantFrom("boss", "ceo") })),
        (status, holder, depth, budgetUsed, target) => {
          const check: DelegationCheck = {
            ...ok(),
            parent: { ...ok().parent, status, agentId: holder, depth },
            budgetUsed,
            target: target && { ...target, agentKey: target.id },
          };
          const allowed =
            ["PENDING", "QUEUED", "RUNNING"].includes(status) &&
            holder === "boss" &&
            depth + 1 <= 4 &&
            budgetUsed <= 10 &&
            target !== null &&
            !["ceo", "boss"].includes(target.id) &&
            target.reportsToId === "boss";
          expect(delegationRefusal(check) === undefined).toBe(allowed);
        },
      ),
    );
  });
});
