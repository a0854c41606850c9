import { describe, expect, it } from "vitest";
import { addAgentRefusal, rangeRefusal } from "./worker-limits";

describe("a cluster's worker limits", () => {
  const range = (minWorkers: number, maxWorkers: number, sets: "min" | "max" | "both" = "max") => ({
    minWorkers,
    maxWorkers,
    setsMin: sets !== "max",
    setsMax: sets !== "min",
  });

  it("lets maxWorkers move up to the blueprint's max_workers, not past it", () => {
    expect(rangeRefusal(range(3, 12), 5, 12)).toBeNull();
    expect(rangeRefusal(range(3, 13), 5, 12)).toEqual({
      summary: "maxWorkers must be at most 12, the blueprint's max_workers",
      issue: { path: "/maxWorkers", message: "must be at most 12, the blueprint's max_workers" },
    });
    // A range left as it was is not re-judged (clusters made before this rule keep working).
    expect(rangeRefusal(range(3, 13, "min"), 5, 12)).toBeNull();
  });

  it("keeps min below max and the current size inside the range", () => {
    expect(rangeRefusal(range(8, 6, "both"), 7, 12)?.issue).toEqual({
      path: "/minWorkers",
      message: "greater than maxWorkers",
    });
    expect(rangeRefusal(range(3, 4), 5, 12)).toEqual({
      summary: "the cluster runs 5 workers, outside 3-4; scale it first",
      issue: { path: "/maxWorkers", message: "excludes the current size" },
    });
    expect(rangeRefusal(range(6, 12, "min"), 5, 12)?.issue.path).toBe("/minWorkers");
  });

  it("adds agents below both the cluster's and the blueprint's maximum only", () => {
    expect(addAgentRefusal(5, 8, 12)).toBeNull();
    expect(addAgentRefusal(8, 8, 12)).toBe("the cluster is at its maximum of 8 workers");
    // A cluster whose own maximum was raised too far before this rule still stops at the blueprint's.
    expect(addAgentRefusal(12, 500, 12)).toBe("the cluster has 12 agents, the blueprint's max_workers of 12");
    expect(addAgentRefusal(11, 500, 12)).toBeNull();
  });
});
