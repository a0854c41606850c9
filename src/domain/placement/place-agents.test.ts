import { describe, expect, it } from "vitest";
import { placeAgents } from "./place-agents";

describe("placeAgents", () => {
  it("fills the node with the most free room first, spreading agents", () => {
    const { placed } = placeAgents(
      ["a", "b", "c", "d"],
      [
        { id: "n1", capacity: 10, assigned: 8 },
        { id: "n2", capacity: 10, assigned: 5 },
      ],
    );
    // n2 has 5 free, n1 has 2: n2 takes agents until both have the same room, then they alternate.
    expect([...placed.values()]).toEqual(["n2", "n2", "n2", "n1"]);
  });

  it("reports agents that fit nowhere instead of overfilling a node", () => {
    const result = placeAgents(["a", "b", "c"], [{ id: "n1", capacity: 2, assigned: 1 }]);
    expect([...result.placed.entries()]).toEqual([["a", "n1"]]);
    expect(result.unplaced).toEqual(["b", "c"]);
  });

  it("places nothing without live nodes", () => {
    expect(placeAgents(["a"], []).unplaced).toEqual(["a"]);
  });

  it("a second node with room takes its share of new agents", () => {
    const { placed } = placeAgents(
      ["a", "b", "c", "d"],
      [
        { id: "server", capacity: 200, assigned: 6 },
        { id: "runner", capacity: 200, assigned: 0 },
      ],
    );
    expect([...placed.values()].filter((n) => n === "runner")).toHaveLength(4);
  });
});
