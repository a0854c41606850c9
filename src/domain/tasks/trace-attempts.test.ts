import { describe, expect, it } from "vitest";
import { ancestry, type TaskForTrace, traceAttempts } from "./trace-attempts";

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
const task = (over: Partial<TaskForTrace>): TaskForTrace => ({
  status: "SUCCEEDED",
  attempts: 1,
  agentId: "b",
  startedAt: at(5),
  finishedAt: at(6),
  error: null,
  ...over,
});

describe("traceAttempts", () => {
  it("shows a failed attempt on record and the succeeding one the task holds, each with its agent", () => {
    const rows = [{ attempt: 1, agentId: "a", outcome: "failed", error: "boom", startedAt: at(1), finishedAt: at(2) }];
    expect(traceAttempts(task({ attempts: 2 }), rows)).toEqual([
      { attempt: 1, agentId: "a", outcome: "failed", error: "boom", startedAt: at(1), finishedAt: at(2) },
      { attempt: 2, agentId: "b", outcome: "succeeded", error: null, startedAt: at(5), finishedAt: at(6) },
    ]);
  });

  it("does not repeat a final failure that is on record already", () => {
    const rows = [
      { attempt: 1, agentId: "a", outcome: "lost", error: "agent died", startedAt: at(1), finishedAt: at(2) },
      { attempt: 2, agentId: "b", outcome: "failed", error: "boom", startedAt: at(5), finishedAt: at(6) },
    ];
    const attempts = traceAttempts(task({ status: "FAILED", attempts: 2, error: "boom" }), rows);
    expect(attempts.map((a) => [a.attempt, a.outcome])).toEqual([
      [1, "lost"],
      [2, "failed"],
    ]);
  });

  it("shows a running attempt open-ended, and nothing for a task not yet sent", () => {
    expect(traceAttempts(task({ status: "RUNNING", finishedAt: null }), [])).toEqual([
      { attempt: 1, agentId: "b", outcome: "running", error: null, startedAt: at(5), finishedAt: null },
    ]);
    expect(traceAttempts(task({ status: "PENDING", attempts: 0, agentId: null }), [])).toEqual([]);
  });

  it("leaves out the next attempt of a task waiting to be routed again", () => {
    const rows = [{ attempt: 1, agentId: "a", outcome: "failed", error: "x", startedAt: at(1), finishedAt: at(2) }];
    expect(traceAttempts(task({ status: "PENDING", attempts: 1, agentId: null }), rows)).toHaveLength(1);
  });
});

describe("ancestry", () => {
  const tasks = [
    { id: "root", parentTaskId: null },
    { id: "mid", parentTaskId: "root" },
    { id: "leaf", parentTaskId: "mid" },
    { id: "other", parentTaskId: "root" },
  ];
  it("walks from the root down to the task", () => {
    expect(ancestry("leaf", tasks).map((t) => t.id)).toEqual(["root", "mid", "leaf"]);
    expect(ancestry("root", tasks).map((t) => t.id)).toEqual(["root"]);
  });
  it("stops at a parent it does not have, and never loops", () => {
    expect(ancestry("x", tasks)).toEqual([]);
    const loop = [
      { id: "a", parentTaskId: "b" },
      { id: "b", parentTaskId: "a" },
    ];
    expect(ancestry("a", loop).length).toBeLessThanOrEqual(3);
  });
});
