import { describe, expect, it } from "vitest";
import { cpuMaxLine, DEFAULT_AGENT_USER, planAgentUser, planCpuLimit } from "./agent-host";

describe("planAgentUser", () => {
  it("runs agents as a user Myzel creates when the runner is root and the blueprint names none", () => {
    expect(planAgentUser({ runnerIsRoot: true })).toEqual({ kind: "user", name: DEFAULT_AGENT_USER, create: true });
  });
  it("runs as root only when the blueprint asks for it", () => {
    expect(planAgentUser({ runnerIsRoot: true, requested: "root" })).toEqual({ kind: "root" });
  });
  it("uses the blueprint's user as it is, without creating it", () => {
    expect(planAgentUser({ runnerIsRoot: true, requested: "builder" })).toEqual({
      kind: "user",
      name: "builder",
      create: false,
    });
  });
  it("keeps the runner's user when the runner is not root, whatever was asked", () => {
    expect(planAgentUser({ runnerIsRoot: false, requested: "root" })).toEqual({ kind: "runner" });
    expect(planAgentUser({ runnerIsRoot: false })).toEqual({ kind: "runner" });
  });
});

describe("planCpuLimit", () => {
  it("leaves an agent without limits.cpu unlimited", () => {
    expect(planCpuLimit(undefined, "cgroup-v2")).toEqual({ kind: "unlimited" });
  });
  it("turns a share of cores into a quota per 100 ms", () => {
    expect(planCpuLimit(0.2, "cgroup-v2")).toEqual({
      kind: "quota",
      control: "cgroup-v2",
      quotaUs: 20_000,
      periodUs: 100_000,
    });
    expect(cpuMaxLine({ quotaUs: 150_000, periodUs: 100_000 })).toBe("150000 100000");
  });
  it("never asks for less than the 1 ms the kernel accepts", () => {
    expect(planCpuLimit(0.001, "cgroup-v1")).toMatchObject({ quotaUs: 1000 });
  });
  it("falls back to a lower priority where no cgroup holds the share", () => {
    expect(planCpuLimit(0.5, "none")).toEqual({ kind: "priority", niceness: 10 });
  });
});
