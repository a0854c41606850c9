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

describe("placeAgents with placement rules", () => {
  const gpu = { nodeLabels: { gpu: "a100" }, spread: false };
  const nodes = [
    { id: "cpu", capacity: 10, assigned: 0 },
    { id: "gpu", capacity: 10, assigned: 5, labels: { gpu: "a100", region: "eu" } },
  ];

  it("puts an agent only on a node with every label its role asks for", () => {
    const { placed } = placeAgents([{ id: "a", rule: gpu }, { id: "b" }], nodes);
    expect(placed.get("a")).toBe("gpu");
    expect(placed.get("b")).toBe("cpu");
  });

  it("leaves an agent waiting with the reason when no live node has the labels", () => {
    const result = placeAgents([{ id: "a", rule: { nodeLabels: { gpu: "h100" }, spread: false } }], nodes);
    expect(result.unplaced).toEqual(["a"]);
    expect(result.reasons.get("a")).toBe("no live node has the labels gpu=h100");
  });

  it("takes nothing new on a cordoned node, and says so", () => {
    const result = placeAgents([{ id: "a", rule: gpu }], [{ ...nodes[1]!, cordoned: true }]);
    expect(result.reasons.get("a")).toBe("every live node with gpu=a100 is cordoned or draining");
  });

  it("spreads a role over nodes and holds max_per_node", () => {
    const rule = { nodeLabels: {}, spread: true, maxPerNode: 2 };
    const ids = ["a", "b", "c", "d", "e"];
    const result = placeAgents(
      ids.map((id) => ({ id, group: "c:w", rule })),
      [
        { id: "n1", capacity: 100, assigned: 50 },
        { id: "n2", capacity: 100, assigned: 0 },
      ],
    );
    // Spread first: one each in turn, although n2 has far more room; then max_per_node stops at two each.
    expect([...result.placed.values()].sort()).toEqual(["n1", "n1", "n2", "n2"]);
    expect(result.reasons.get("e")).toBe("every live node with room already runs max_per_node 2 agents of this role");
  });

  it("prefers another node than the one an agent moves off, but returns there if nothing else fits", () => {
    expect(placeAgents([{ id: "a", avoid: "cpu" }], nodes).placed.get("a")).toBe("gpu");
    expect(placeAgents([{ id: "a", avoid: "gpu", rule: gpu }], nodes).placed.get("a")).toBe("gpu");
  });
});
