import { describe, expect, it } from "vitest";
import type { Task } from "../../lib/api-types";
import { taskFlow } from "./task-flow";

const task = (id: string, agentId: string | null, status: Task["status"], createdAt: string) =>
  ({ id, agentId, status, createdAt }) as Task;

describe("taskFlow", () => {
  it("marks each agent holding part of the task: working, done or failed", () => {
    const flow = taskFlow([
      task("root", "boss", "QUEUED", "2026-11-24T10:00:00.000Z"),
      task("s1", "w1", "SUCCEEDED", "2026-11-24T10:00:00.100Z"),
      task("s2", "w2", "FAILED", "2026-11-24T10:00:00.100Z"),
      task("s3", null, "PENDING", "2026-11-24T10:00:00.100Z"),
    ]);
    expect(Object.fromEntries(flow)).toEqual({ boss: "working", w1: "done", w2: "failed" });
  });

  it("lets an agent's newest part decide", () => {
    const flow = taskFlow([
      task("b", "w1", "QUEUED", "2026-11-24T10:00:02.000Z"),
      task("a", "w1", "SUCCEEDED", "2026-11-24T10:00:01.000Z"),
    ]);
    expect(flow.get("w1")).toBe("working");
  });
});
