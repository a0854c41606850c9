import { describe, expect, it } from "vitest";
import type { Agent, AgentMetrics } from "../../lib/api-types";
import { agentRows, filterRows, sortRows } from "./agent-rows";

const now = Date.parse("2026-11-24T10:00:00.000Z");

function agent(name: string, extra: Partial<Agent> = {}): Agent {
  return {
    id: name,
    clusterId: "c",
    key: name.toLowerCase().replace(" ", "-"),
    role: "worker",
    tier: "worker",
    name,
    capabilities: [],
    status: "IDLE",
    reportsToId: null,
    runtime: "builtin",
    addedManually: false,
    nodeId: "node-a",
    placementWait: null,
    moving: false,
    pid: 100,
    startedAt: "2026-11-24T09:59:00.000Z",
    restartCount: 0,
    circuit: "closed",
    createdAt: "2026-11-24T09:00:00.000Z",
    removedAt: null,
    ...extra,
  };
}
const metric = (agentId: string, completed: number, failed: number, load: number, alive = true): AgentMetrics => ({
  agentId,
  key: agentId,
  tasksSent: completed + failed,
  tasksCompleted: completed,
  tasksFailed: failed,
  avgResponseMs: null,
  p95ResponseMs: null,
  successRate: null,
  uptimeSeconds: 0,
  restartCount: 0,
  activeTasks: 0,
  load,
  alive,
});

const agents = [
  agent("Worker 10", { pid: 300, restartCount: 2, startedAt: "2026-11-24T09:59:50.000Z" }),
  agent("Worker 2", { pid: 200 }),
  agent("Boss", { tier: "supervisor", role: "boss", pid: 50 }),
  agent("Worker 3", { status: "FAILED", pid: null, circuit: "open", startedAt: null }),
];
const rows = agentRows(
  agents,
  [metric("Worker 10", 5, 1, 0.5), metric("Worker 2", 9, 0, 1), metric("Boss", 1, 0, 0)],
  now,
);

describe("agent rows", () => {
  it("joins each agent with its figures; uptime only for a running process", () => {
    expect(rows.find((r) => r.agent.name === "Worker 10")).toMatchObject({
      uptimeSeconds: 10,
      tasks: 5,
      errors: 1,
      load: 0.5,
    });
    expect(rows.find((r) => r.agent.name === "Worker 3")).toMatchObject({ uptimeSeconds: null, tasks: 0, load: null });
  });

  it("sorts by rank and name with numbers in order, and by any figure either way", () => {
    expect(sortRows(rows, { key: "name", direction: "asc" }).map((r) => r.agent.name)).toEqual([
      "Boss",
      "Worker 2",
      "Worker 3",
      "Worker 10",
    ]);
    expect(sortRows(rows, { key: "tasks", direction: "desc" }).map((r) => r.agent.name)).toEqual([
      "Worker 2",
      "Worker 10",
      "Boss",
      "Worker 3",
    ]);
    expect(sortRows(rows, { key: "restarts", direction: "desc" })[0]!.agent.name).toBe("Worker 10");
    expect(sortRows(rows, { key: "status", direction: "asc" })[0]!.agent.name).toBe("Worker 3");
  });

  it("keeps agents without a figure at the end in both directions", () => {
    expect(sortRows(rows, { key: "pid", direction: "asc" }).map((r) => r.agent.pid)).toEqual([50, 200, 300, null]);
    expect(sortRows(rows, { key: "pid", direction: "desc" }).map((r) => r.agent.pid)).toEqual([300, 200, 50, null]);
    expect(sortRows(rows, { key: "load", direction: "desc" }).at(-1)!.agent.name).toBe("Worker 3");
  });

  it("filters by text in name, key, role, pid or node, and by status, restarts or open circuit", () => {
    expect(filterRows(rows, "boss", "").map((r) => r.agent.name)).toEqual(["Boss"]);
    expect(filterRows(rows, "300", "").map((r) => r.agent.name)).toEqual(["Worker 10"]);
    expect(filterRows(rows, "", "FAILED").map((r) => r.agent.name)).toEqual(["Worker 3"]);
    expect(filterRows(rows, "", "RESTARTED").map((r) => r.agent.name)).toEqual(["Worker 10"]);
    expect(filterRows(rows, "", "CIRCUIT").map((r) => r.agent.name)).toEqual(["Worker 3"]);
    expect(filterRows(rows, "worker", "IDLE")).toHaveLength(2);
  });
});
