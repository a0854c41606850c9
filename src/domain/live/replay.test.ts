import { describe, expect, it } from "vitest";
import type { MyzelEvent } from "../../schemas/events";
import { covered, joined, toReplay } from "./replay";

const at = "2026-12-01T00:00:00.000Z";
const ofCluster = (clusterId: string): MyzelEvent => ({ type: "cluster.updated", clusterId, at });
const system: MyzelEvent = {
  type: "system.sample",
  at,
  nodeId: "n1",
  cpuPercent: 1,
  memoryPercent: 1,
  diskPercent: 1,
  redisUp: true,
  databaseUp: true,
};
const history = [
  { id: "100-0", event: ofCluster("a") },
  { id: "100-1", event: ofCluster("b") },
  { id: "101-0", event: system },
  { id: "102-0", event: ofCluster("a") },
];

describe("what a resuming watch is sent", () => {
  it("sends a cluster's room only that cluster's events, in stream order", () => {
    expect(toReplay(history, ["cluster:a"], new Map(), "VIEWER").map((e) => e.id)).toEqual(["100-0", "102-0"]);
  });

  it("sends the overview's room every event, system samples included", () => {
    expect(toReplay(history, ["clusters"], new Map(), "VIEWER").map((e) => e.id)).toEqual([
      "100-0",
      "100-1",
      "101-0",
      "102-0",
    ]);
  });

  it("leaves out what the connection already has through a room it watched since before", () => {
    const coverage = new Map([["clusters", "100-0"]]);
    expect(toReplay(history, ["cluster:a"], coverage, "VIEWER").map((e) => e.id)).toEqual(["100-0"]);
    expect(covered(coverage, history[3]!)).toBe(true);
    expect(covered(coverage, history[0]!)).toBe(false);
  });
});

describe("coverage after joining", () => {
  it("keeps the earlier start of a room already watched", () => {
    const once = joined(new Map(), ["cluster:a"], "100-0");
    expect(joined(once, ["cluster:a", "clusters"], "102-0")).toEqual(
      new Map([
        ["cluster:a", "100-0"],
        ["clusters", "102-0"],
      ]),
    );
  });
});
