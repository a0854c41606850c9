import { describe, expect, it } from "vitest";
import { canMove, FINISHED_TASK_STATES, isFinished, sourcesOf, TASK_STATES } from "./task-states";

describe("task states", () => {
  it("lets nothing leave a finished state", () => {
    for (const from of FINISHED_TASK_STATES) for (const to of TASK_STATES) expect(canMove(from, to)).toBe(false);
  });

  it("starts only a queued task", () => {
    expect(sourcesOf("RUNNING")).toEqual(["QUEUED"]);
  });

  it("routes only a pending task", () => {
    expect(sourcesOf("QUEUED")).toEqual(["PENDING"]);
  });

  it("sends queued and running tasks back to routing, and approved ones to it; never finished ones", () => {
    expect(sourcesOf("PENDING")).toEqual(["AWAITING_APPROVAL", "QUEUED", "RUNNING"]);
  });

  it("fails or cancels any open task, but succeeds none that was never approved", () => {
    expect(sourcesOf("FAILED")).toEqual(["AWAITING_APPROVAL", "PENDING", "QUEUED", "RUNNING"]);
    expect(sourcesOf("CANCELLED")).toEqual(["AWAITING_APPROVAL", "PENDING", "QUEUED", "RUNNING"]);
    expect(sourcesOf("SUCCEEDED")).toEqual(["PENDING", "QUEUED", "RUNNING"]);
  });

  it("holds a task only when it is recorded: no move leads back to AWAITING_APPROVAL", () => {
    expect(sourcesOf("AWAITING_APPROVAL")).toEqual([]);
    expect(canMove("AWAITING_APPROVAL", "QUEUED")).toBe(false);
  });

  it("agrees with itself: a source of a move is a state that may make it", () => {
    for (const to of TASK_STATES)
      for (const from of TASK_STATES) expect(sourcesOf(to).includes(from)).toBe(canMove(from, to));
  });

  it("never moves a state onto itself", () => {
    for (const state of TASK_STATES) expect(canMove(state, state)).toBe(false);
    expect(TASK_STATES.filter(isFinished)).toEqual([...FINISHED_TASK_STATES]);
  });
});
