import { describe, expect, it } from "vitest";
import { agentJobSchema } from "../schemas/agent-protocol";
import { isAgentJob, isRunnerMessage } from "./job-shape";

const job = {
  taskId: "t",
  clusterId: "c",
  type: "task",
  payload: { prompt: "x" },
  attempt: 1,
  timeoutMs: 1000,
  depth: 0,
  rootTaskId: "t",
  chain: [],
};

describe("isAgentJob", () => {
  it("accepts what the contract accepts", () => {
    expect(agentJobSchema.safeParse(job).success).toBe(true);
    expect(isAgentJob(job)).toBe(true);
  });

  it.each([
    ["no task id", { ...job, taskId: undefined }],
    ["a fractional attempt", { ...job, attempt: 1.5 }],
    ["a zero timeout", { ...job, timeoutMs: 0 }],
    ["a chain of numbers", { ...job, chain: [1] }],
    ["not an object", "job"],
  ])("refuses %s, as the contract does", (_name, value) => {
    expect(agentJobSchema.safeParse(value).success).toBe(false);
    expect(isAgentJob(value)).toBe(false);
  });
});

describe("isRunnerMessage", () => {
  it("accepts the runner's liveness ping and rejects one without a sequence number", () => {
    expect(isRunnerMessage({ type: "ping", seq: 3 })).toBe(true);
    expect(isRunnerMessage({ type: "ping" })).toBe(false);
    expect(isRunnerMessage({ type: "pong", seq: 3 })).toBe(false);
  });
});
