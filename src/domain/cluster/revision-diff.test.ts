import { describe, expect, it } from "vitest";
import type { ClusterRevisionState } from "../../schemas/cluster-history-api";
import { revisionChanges, rollbackSteps } from "./revision-diff";

const state = (over: Partial<ClusterRevisionState> = {}): ClusterRevisionState => ({
  name: "c",
  description: null,
  status: "ACTIVE",
  blueprintRowId: "bp1",
  minWorkers: 1,
  maxWorkers: 10,
  targetWorkers: 3,
  roleTargets: { supervisor: 1, worker: 2 },
  routingStrategy: "round-robin",
  config: {},
  version: 1,
  deleted: false,
  ...over,
});

describe("revisionChanges", () => {
  it("lists the fields that differ, ignoring key order", () => {
    const before = state();
    const after = state({ targetWorkers: 5, roleTargets: { worker: 4, supervisor: 1 }, version: 2 });
    expect(revisionChanges(before, after)).toEqual([
      { field: "targetWorkers", before: 3, after: 5 },
      { field: "roleTargets", before: { supervisor: 1, worker: 2 }, after: { worker: 4, supervisor: 1 } },
    ]);
    expect(revisionChanges(undefined, after)).toEqual([]);
  });
});

describe("rollbackSteps", () => {
  it("returns size and settings that differ", () => {
    const result = rollbackSteps(
      state({ targetWorkers: 5, roleTargets: { supervisor: 1, worker: 4 }, routingStrategy: "least-busy" }),
      state(),
      2,
    );
    expect(result).toEqual({
      ok: true,
      steps: {
        settings: { routingStrategy: "round-robin" },
        roles: { supervisor: 1, worker: 2 },
        settingsFirst: false,
      },
    });
  });
  it("widens the bounds first when the old size lies outside them", () => {
    const result = rollbackSteps(
      state({ minWorkers: 4, targetWorkers: 4, roleTargets: { supervisor: 1, worker: 3 } }),
      state(),
      1,
    );
    expect(result.ok && result.steps.settingsFirst).toBe(true);
  });
  it("hibernates or reactivates to the recorded lifecycle", () => {
    expect(rollbackSteps(state(), state({ status: "HIBERNATED" }), 3)).toMatchObject({
      ok: true,
      steps: { lifecycle: "hibernate" },
    });
    expect(rollbackSteps(state({ status: "HIBERNATED" }), state(), 3)).toMatchObject({
      ok: true,
      steps: { lifecycle: "reactivate" },
    });
  });
  it("refuses a destroyed cluster, a destroying revision, another blueprint version and a cluster mid-change", () => {
    expect(rollbackSteps(state({ status: "DESTROYED", deleted: true }), state(), 1)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/destroyed/),
    });
    expect(rollbackSteps(state(), state({ status: "DESTROYING" }), 4)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/revision 4/),
    });
    expect(rollbackSteps(state(), state({ blueprintRowId: "bp0" }), 1)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/blueprint version/),
    });
    expect(rollbackSteps(state({ status: "SCALING_UP" }), state(), 1)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/SCALING_UP/),
    });
    expect(
      rollbackSteps(state({ status: "HIBERNATED" }), state({ targetWorkers: 5, roleTargets: { worker: 5 } }), 1),
    ).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/reactivate it first/),
    });
  });
});
