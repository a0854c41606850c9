import { describe, expect, it } from "vitest";
import { buildHierarchy, countNodes } from "./hierarchy";

const agent = (id: string, reportsToId: string | null = null) => ({ id, reportsToId });

describe("buildHierarchy", () => {
  it("nests subordinates under their manager in order", () => {
    const tree = buildHierarchy([agent("s"), agent("l1", "s"), agent("l2", "s"), agent("w1", "l1"), agent("w2", "l1")]);
    expect(tree).toHaveLength(1);
    expect(tree[0]!.agent.id).toBe("s");
    expect(tree[0]!.subordinates.map((n) => n.agent.id)).toEqual(["l1", "l2"]);
    expect(tree[0]!.subordinates[0]!.subordinates.map((n) => n.agent.id)).toEqual(["w1", "w2"]);
    expect(countNodes(tree)).toBe(5);
  });

  it("does not depend on the order agents are listed in", () => {
    const tree = buildHierarchy([agent("w", "l"), agent("l", "s"), agent("s")]);
    expect(tree[0]!.agent.id).toBe("s");
    expect(tree[0]!.subordinates[0]!.subordinates[0]!.agent.id).toBe("w");
  });

  it("keeps an agent whose manager is missing as a root instead of dropping it", () => {
    const tree = buildHierarchy([agent("s"), agent("orphan", "gone")]);
    expect(tree.map((n) => n.agent.id)).toEqual(["s", "orphan"]);
  });

  it("breaks a cycle in corrupted data instead of looping forever", () => {
    const tree = buildHierarchy([agent("a", "b"), agent("b", "a")]);
    expect(countNodes(tree)).toBe(2);
  });

  it("returns an empty forest for no agents", () => {
    expect(buildHierarchy([])).toEqual([]);
  });
});
