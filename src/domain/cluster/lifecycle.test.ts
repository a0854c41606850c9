import { describe, expect, it } from "vitest";
import {
  allowedEvents,
  CLUSTER_STATUSES,
  type ClusterStatus,
  changesDesiredState,
  isTerminal,
  LIFECYCLE_EVENTS,
  type LifecycleEvent,
  transition,
} from "./lifecycle";

/** The whole table, written out once more by hand: every pair not listed is refused. */
const EXPECTED: Array<[ClusterStatus, LifecycleEvent, ClusterStatus]> = [
  ["PLANNING", "spawn", "SPAWNING"],
  ["PLANNING", "destroy", "DESTROYING"],
  ["SPAWNING", "spawned", "ACTIVE"],
  ["SPAWNING", "destroy", "DESTROYING"],
  ["ACTIVE", "scale_up", "SCALING_UP"],
  ["ACTIVE", "scale_down", "SCALING_DOWN"],
  ["ACTIVE", "hibernate", "HIBERNATED"],
  ["ACTIVE", "destroy", "DESTROYING"],
  ["SCALING_UP", "scaled", "ACTIVE"],
  ["SCALING_UP", "destroy", "DESTROYING"],
  ["SCALING_DOWN", "scaled", "ACTIVE"],
  ["SCALING_DOWN", "destroy", "DESTROYING"],
  ["HIBERNATED", "reactivate", "SPAWNING"],
  ["HIBERNATED", "destroy", "DESTROYING"],
  ["DESTROYING", "destroyed", "DESTROYED"],
];

describe("cluster lifecycle", () => {
  it.each(EXPECTED)("%s --%s--> %s", (from, event, to) => {
    expect(transition(from, event)).toEqual({ ok: true, from, to, event });
  });

  it("refuses every other pair of state and event with a reason", () => {
    const allowed = new Set(EXPECTED.map(([from, event]) => `${from}:${event}`));
    let refused = 0;
    for (const from of CLUSTER_STATUSES) {
      for (const event of LIFECYCLE_EVENTS) {
        if (allowed.has(`${from}:${event}`)) continue;
        const result = transition(from, event);
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.reason).toContain(from);
        refused++;
      }
    }
    expect(refused).toBe(CLUSTER_STATUSES.length * LIFECYCLE_EVENTS.length - EXPECTED.length);
  });

  it("tells what is possible instead", () => {
    const result = transition("HIBERNATED", "scale_up");
    expect(result).toMatchObject({ ok: false });
    if (!result.ok)
      expect(result.reason).toBe("cannot scale up a cluster that is HIBERNATED (possible now: reactivate, destroy)");
  });

  it("follows the seed's walk: create, grow, shrink, sleep, wake, delete", () => {
    const walk: LifecycleEvent[] = [
      "spawn",
      "spawned",
      "scale_up",
      "scaled",
      "scale_down",
      "scaled",
      "hibernate",
      "reactivate",
      "spawned",
      "destroy",
      "destroyed",
    ];
    let state: ClusterStatus = "PLANNING";
    for (const event of walk) {
      const result = transition(state, event);
      if (!result.ok) throw new Error(result.reason);
      state = result.to;
    }
    expect(state).toBe("DESTROYED");
    expect(isTerminal(state)).toBe(true);
  });

  it("only DESTROYED is terminal, and every state is reachable from PLANNING", () => {
    expect(CLUSTER_STATUSES.filter(isTerminal)).toEqual(["DESTROYED"]);
    const seen = new Set<ClusterStatus>(["PLANNING"]);
    const queue: ClusterStatus[] = ["PLANNING"];
    while (queue.length) {
      const from = queue.shift()!;
      for (const event of allowedEvents(from)) {
        const result = transition(from, event);
        if (result.ok && !seen.has(result.to)) {
          seen.add(result.to);
          queue.push(result.to);
        }
      }
    }
    expect([...seen].sort()).toEqual([...CLUSTER_STATUSES].sort());
  });
});

describe("changesDesiredState", () => {
  it("counts what someone asks for, never the reconciler catching up", () => {
    for (const asked of ["spawn", "scale_up", "hibernate", "destroy"] as const)
      expect(changesDesiredState(asked)).toBe(true);
    for (const progress of ["spawned", "scaled", "destroyed"] as const)
      expect(changesDesiredState(progress)).toBe(false);
  });
});
