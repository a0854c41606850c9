import { describe, expect, it } from "vitest";
import { strayReason, usersToDrop } from "./stray-agent-users";

const live = new Set(["node-a"]);

describe("strayReason", () => {
  it("keeps the user of an agent whose process may run on a live node", () => {
    expect(strayReason({ nodeId: "node-a", pid: 42, status: "IDLE" }, live)).toBeUndefined();
    expect(strayReason({ nodeId: "node-a", pid: 42, status: "BUSY" }, live)).toBeUndefined();
    // Recorded STARTING before its pid, or a removed agent still draining with its pid.
    expect(strayReason({ nodeId: "node-a", pid: null, status: "STARTING" }, live)).toBeUndefined();
  });

  it("names why a user serves nothing", () => {
    expect(strayReason(undefined, live)).toBe("no such agent");
    expect(strayReason({ nodeId: null, pid: null, status: "PENDING" }, live)).toBe("the agent is on no node");
    expect(strayReason({ nodeId: "node-b", pid: 7, status: "IDLE" }, live)).toBe("its node node-b is not live");
    expect(strayReason({ nodeId: "node-a", pid: null, status: "STOPPED" }, live)).toBe(
      "the agent is STOPPED, no process",
    );
  });
});

describe("usersToDrop", () => {
  const stray = new Map([["a1", "the agent is STOPPED, no process"]]);

  it("waits out the grace before dropping, so a start in progress keeps its user", () => {
    const first = usersToDrop(stray, new Map(), 1000, 3000);
    expect(first.drop).toEqual([]);
    expect(usersToDrop(stray, first.since, 3999, 3000).drop).toEqual([]);
    expect(usersToDrop(stray, first.since, 4000, 3000).drop).toEqual(["a1"]);
  });

  it("forgets an agent that is no longer stray, so a later stray spell starts its grace afresh", () => {
    const first = usersToDrop(stray, new Map(), 1000, 3000);
    const cleared = usersToDrop(new Map(), first.since, 2000, 3000);
    expect(cleared.since.size).toBe(0);
    expect(usersToDrop(stray, cleared.since, 5000, 3000).drop).toEqual([]);
  });
});
