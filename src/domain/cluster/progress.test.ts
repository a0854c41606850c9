import { describe, expect, it } from "vitest";
import { type AgentProgress, progressEvent } from "./progress";

const agent = (status: AgentProgress["status"], removed = false): AgentProgress => ({ status, removed });

describe("progressEvent", () => {
  it("activates a spawning cluster only when every agent runs", () => {
    expect(progressEvent("SPAWNING", [agent("IDLE"), agent("STARTING")])).toBeNull();
    expect(progressEvent("SPAWNING", [agent("IDLE"), agent("BUSY")])).toBe("spawned");
    expect(progressEvent("SPAWNING", [agent("IDLE"), agent("FAILED")])).toBeNull();
  });

  it("keeps a woken cluster SPAWNING while its stopped agents start again; retired agents do not count", () => {
    expect(progressEvent("SPAWNING", [agent("STOPPED"), agent("STARTING"), agent("IDLE")])).toBeNull();
    expect(progressEvent("SPAWNING", [agent("IDLE"), agent("IDLE"), agent("STOPPED", true)])).toBe("spawned");
  });

  it("ends scaling up when the new agents run, scaling down when retired ones stopped", () => {
    expect(progressEvent("SCALING_UP", [agent("IDLE"), agent("PENDING")])).toBeNull();
    expect(progressEvent("SCALING_UP", [agent("IDLE"), agent("IDLE")])).toBe("scaled");
    expect(progressEvent("SCALING_DOWN", [agent("IDLE"), agent("BUSY", true)])).toBeNull();
    expect(progressEvent("SCALING_DOWN", [agent("IDLE"), agent("STOPPED", true)])).toBe("scaled");
  });

  it("destroys once nothing runs, and leaves settled states alone", () => {
    expect(progressEvent("DESTROYING", [agent("IDLE", true)])).toBeNull();
    expect(progressEvent("DESTROYING", [agent("STOPPED", true), agent("FAILED", true)])).toBe("destroyed");
    expect(progressEvent("ACTIVE", [agent("FAILED")])).toBeNull();
    expect(progressEvent("HIBERNATED", [agent("STOPPED")])).toBeNull();
  });
});
