import { describe, expect, it } from "vitest";
import type { Task } from "../../lib/api-types";
import { subtaskTree, taskTimeline } from "./task-timeline-model";

function task(id: string, extra: Partial<Task> = {}): Task {
  return {
    id,
    clusterId: "c",
    parentTaskId: null,
    rootTaskId: null,
    depth: 0,
    target: { kind: "role", value: "boss" },
    type: "task",
    payload: "go",
    sessionKey: null,
    source: "api",
    status: "SUCCEEDED",
    priority: 5,
    agentId: "boss-1",
    attempts: 1,
    maxAttempts: 3,
    duplicateRuns: 0,
    timeoutMs: 1000,
    result: null,
    error: null,
    usage: null,
    costUsd: null,
    createdAt: "2026-11-24T10:00:00.000Z",
    routedAt: "2026-11-24T10:00:00.010Z",
    startedAt: "2026-11-24T10:00:00.020Z",
    finishedAt: "2026-11-24T10:00:00.300Z",
    durationMs: 280,
    traceId: null,
    ...extra,
  };
}
const names = (id: string | null) => (id ? `<${id}>` : "?");

describe("taskTimeline", () => {
  it("tells a delegated task's story in order of time: submitted, routed, ran, each subtask, finished", () => {
    const root = task("r");
    const subs = [
      task("s1", {
        parentTaskId: "r",
        rootTaskId: "r",
        depth: 1,
        agentId: "w1",
        source: "delegation",
        createdAt: "2026-11-24T10:00:00.030Z",
        finishedAt: "2026-11-24T10:00:00.130Z",
      }),
      task("s2", {
        parentTaskId: "r",
        rootTaskId: "r",
        depth: 1,
        agentId: "w2",
        source: "delegation",
        status: "FAILED",
        createdAt: "2026-11-24T10:00:00.031Z",
      }),
      task("deeper", { parentTaskId: "s1", rootTaskId: "r", depth: 2 }),
    ];
    const steps = taskTimeline(root, subs, names);
    expect(steps.map((s) => s.title)).toEqual([
      "Submitted",
      "Routed to <boss-1>",
      "Ran on <boss-1>",
      "Delegated to <w1>",
      "Delegated to <w2>",
      "Succeeded",
    ]);
    expect(steps[3]).toMatchObject({ taskId: "s1", detail: "succeeded after 100 ms", tone: "violet" });
    expect(steps[4]!.tone).toBe("red");
    expect(steps.at(-1)).toMatchObject({ detail: "in 280 ms", tone: "green" });
  });

  it("shows a task no agent has taken yet as waiting", () => {
    const steps = taskTimeline(
      task("p", {
        status: "PENDING",
        agentId: null,
        routedAt: null,
        startedAt: null,
        finishedAt: null,
        durationMs: null,
      }),
      [],
      names,
    );
    expect(steps.map((s) => s.kind)).toEqual(["submitted", "waiting"]);
  });

  it("shows a task held for approval as waiting for a person, not for an agent", () => {
    const held = {
      status: "AWAITING_APPROVAL",
      agentId: null,
      routedAt: null,
      startedAt: null,
      finishedAt: null,
    } as const;
    const steps = taskTimeline(task("h", { ...held, durationMs: null }), [], names);
    expect(steps.map((s) => s.title)).toEqual(["Submitted", "Waiting for approval"]);
  });

  it("shows retries with the error that caused them, a failure's reason, and runs done twice", () => {
    const steps = taskTimeline(
      task("f", { status: "FAILED", attempts: 3, error: "attempt 2 failed: boom", duplicateRuns: 1 }),
      [],
      names,
    );
    expect(steps.find((s) => s.kind === "retried")).toMatchObject({
      title: "Attempt 3 of 3",
      detail: "attempt 2 failed: boom",
    });
    expect(steps.find((s) => s.kind === "finished")).toMatchObject({
      title: "Failed",
      detail: "attempt 2 failed: boom",
      tone: "red",
    });
    expect(steps.find((s) => s.kind === "duplicate")!.title).toBe("Ran 2 times");
  });
});

describe("subtaskTree", () => {
  it("nests subtasks under their parents, oldest first", () => {
    const tree = subtaskTree("r", [
      task("b", { parentTaskId: "r", createdAt: "2026-11-24T10:00:02.000Z" }),
      task("a", { parentTaskId: "r", createdAt: "2026-11-24T10:00:01.000Z" }),
      task("a1", { parentTaskId: "a" }),
      task("r"),
    ]);
    expect(tree.map((n) => [n.task.id, n.children.map((c) => c.task.id)])).toEqual([
      ["a", ["a1"]],
      ["b", []],
    ]);
  });
});
