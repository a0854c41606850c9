import { describe, expect, it } from "vitest";
import { bullmqPriorityOf, byDispatchOrder, DEFAULT_TASK_PRIORITY, inheritedPriority } from "./task-priority";

describe("task priority", () => {
  it("turns the scale over for BullMQ, where a lower number runs first", () => {
    expect(bullmqPriorityOf(10)).toBe(1);
    expect(bullmqPriorityOf(1)).toBe(10);
    expect(bullmqPriorityOf(DEFAULT_TASK_PRIORITY)).toBe(6);
    // Never 0: BullMQ treats 0 as "no priority", which runs before every prioritised job.
    for (let p = 1; p <= 10; p++) expect(bullmqPriorityOf(p)).toBeGreaterThan(0);
  });

  it("orders waiting tasks most urgent first, then oldest first", () => {
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
    const tasks = [
      { id: "old-low", priority: 1, createdAt: at(0) },
      { id: "new-default", priority: 5, createdAt: at(3) },
      { id: "old-default", priority: 5, createdAt: at(1) },
      { id: "new-urgent", priority: 10, createdAt: at(4) },
    ];
    expect([...tasks].sort(byDispatchOrder).map((t) => t.id)).toEqual([
      "new-urgent",
      "old-default",
      "new-default",
      "old-low",
    ]);
  });

  it("keeps the order of equal tasks without a time (a batch being submitted)", () => {
    const tasks = [
      { id: "a", priority: 5 },
      { id: "b", priority: 7 },
      { id: "c", priority: 5 },
    ];
    expect([...tasks].sort(byDispatchOrder).map((t) => t.id)).toEqual(["b", "a", "c"]);
  });

  it("gives a subtask its parent's priority unless the delegating agent chose one", () => {
    expect(inheritedPriority(undefined, { priority: 8 })).toBe(8);
    expect(inheritedPriority(2, { priority: 8 })).toBe(2);
  });
});
