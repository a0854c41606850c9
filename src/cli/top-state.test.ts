import { describe, expect, it } from "vitest";
import type { AgentDto } from "../schemas/cluster-api";
import type { MyzelEvent } from "../schemas/events";
import { applyTopEvent, initialTopState, type TopState, topLines } from "./top-state";

const clusterId = "c1";
const at = "2026-12-02T01:00:00.000Z";
const agent = (id: string, key: string, role: string): AgentDto =>
  ({ id, key, role, status: "IDLE", pid: 100, circuit: "closed", restartCount: 0 }) as AgentDto;

const start = () =>
  initialTopState(
    { id: clusterId, name: "Q1", status: "ACTIVE", targetWorkers: 2, currentWorkers: 2 },
    [agent("a1", "lead-1", "lead"), agent("a2", "worker-1", "worker")],
    null,
  );
const play = (state: TopState, events: MyzelEvent[]) => events.reduce(applyTopEvent, state);

describe("the top view's state", () => {
  it("counts tasks in flight on the agent that took them, and off again when they finish", () => {
    let state = play(start(), [
      { type: "tasks.submitted", clusterId, at, taskIds: ["t1", "t2"] },
      {
        type: "tasks.started",
        clusterId,
        at,
        tasks: [
          { id: "t1", agentId: "a2" },
          { id: "t2", agentId: "a2" },
        ],
      },
    ]);
    expect(state.agents.a2!.running).toBe(2);
    state = applyTopEvent(state, {
      type: "tasks.finished",
      clusterId,
      at,
      tasks: [
        { id: "t1", status: "SUCCEEDED", agentId: "a2" },
        { id: "t2", status: "FAILED", agentId: "a2" },
      ],
    });
    expect(state.agents.a2!.running).toBe(0);
    expect(state.tasks).toEqual({ submitted: 2, started: 2, succeeded: 1, failed: 1, cancelled: 0 });
    expect(state.inFlight).toEqual({});
  });

  it("counts a restart when a failed agent comes back, and lists the failure as recent", () => {
    const state = play(start(), [
      {
        type: "agent.status",
        clusterId,
        at,
        agentId: "a2",
        key: "worker-1",
        status: "FAILED",
        pid: null,
        circuit: "closed",
      },
      {
        type: "agent.status",
        clusterId,
        at,
        agentId: "a2",
        key: "worker-1",
        status: "STARTING",
        pid: 200,
        circuit: "closed",
      },
      {
        type: "agent.status",
        clusterId,
        at,
        agentId: "a2",
        key: "worker-1",
        status: "IDLE",
        pid: 200,
        circuit: "closed",
      },
    ]);
    expect(state.agents.a2).toMatchObject({ status: "IDLE", pid: 200, restarts: 1 });
    expect(state.recent).toEqual(["01:00:00 agent worker-1 FAILED, circuit closed"]);
  });

  it("follows the cluster's status and applied scaling, and ignores other clusters", () => {
    const state = play(start(), [
      { type: "cluster.status", clusterId, at, from: "ACTIVE", to: "SCALING_UP", reason: "scale asked" },
      { type: "scaling.decision", clusterId, at, direction: "up", from: 2, to: 4, reason: "queue", outcome: "applied" },
      { type: "cluster.status", clusterId: "other", at, from: "ACTIVE", to: "DESTROYED", reason: "gone" },
    ]);
    expect(state.cluster).toMatchObject({ status: "SCALING_UP", targetWorkers: 4 });
    expect(topLines(state)[0]).toContain("SCALING_UP");
  });

  it("shows a row per live agent in key order and the newest sample", () => {
    const sample = {
      queueLength: 3,
      queueWaitMs: 12,
      tasksPerMinute: 40,
      avgResponseMs: 20,
      p95ResponseMs: 50,
      errorRate: 0.25,
      agentsActive: 2,
      agentsIdle: 1,
      agentsBusy: 1,
      agentsFailed: 0,
      cpuPercent: 12,
      memoryMb: 90,
    };
    const lines = topLines(applyTopEvent(start(), { type: "metrics.sample", clusterId, at, sample }));
    expect(lines[1]).toContain("queue 3");
    expect(lines[1]).toContain("errors 25.0%");
    const rows = lines.filter((l) => /^(lead|worker)-/.test(l));
    expect(rows.map((r) => r.split(/\s+/)[0])).toEqual(["lead-1", "worker-1"]);
  });
});
