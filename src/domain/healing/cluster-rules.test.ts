import { describe, expect, it } from "vitest";
import { diagnoseCluster } from "./cluster-rules";

const agent = (key: string, status = "IDLE", circuit = "closed") => ({ id: `id-${key}`, key, status, circuit });

describe("heal checks of a cluster", () => {
  it("finds nothing in a healthy cluster", () => {
    expect(
      diagnoseCluster({
        running: true,
        agents: [agent("a"), agent("b", "BUSY")],
        queuedOn: new Map([["id-b", 3]]),
        pending: 0,
      }),
    ).toEqual([]);
  });

  it("resets open breakers, restarts agents that are down, moves their queued tasks, routes waiting ones", () => {
    const findings = diagnoseCluster({
      running: true,
      agents: [agent("a", "FAILED", "open"), agent("b", "STOPPED"), agent("c")],
      queuedOn: new Map([
        ["id-a", 2],
        ["id-b", 1],
      ]),
      pending: 4,
    });
    expect(findings.map((f) => [f.kind, f.actions, f.agentIds])).toEqual([
      ["circuit_open", ["reset_circuit"], ["id-a"]],
      ["agents_down", ["restart_agents"], ["id-b"]],
      ["tasks_stranded", ["reroute_tasks"], ["id-a", "id-b"]],
      ["tasks_waiting", ["dispatch_pending"], []],
    ]);
    expect(findings[2]!.detail).toBe("3 tasks queued on agents that are not running (a, b)");
  });

  it("leaves a cluster that should not run (hibernated, destroyed) alone", () => {
    expect(
      diagnoseCluster({ running: false, agents: [agent("a", "STOPPED")], queuedOn: new Map(), pending: 2 }),
    ).toEqual([]);
  });
});
