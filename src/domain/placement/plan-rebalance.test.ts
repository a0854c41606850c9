import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planRebalance, type RebalanceNode } from "./plan-rebalance";

const agents = (prefix: string, n: number, group = "c:worker") =>
  Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, group }));

describe("planRebalance", () => {
  it("moves the excess of a crowded node to a new empty one, down to the fair share", () => {
    const moves = planRebalance([
      { id: "old", capacity: 10, agents: agents("a", 8) },
      { id: "new", capacity: 10, agents: [] },
    ]);
    expect(moves).toHaveLength(4);
    expect(moves.every((id) => id.startsWith("a"))).toBe(true);
  });

  it("moves nothing when the nodes are even, or onto a cordoned node", () => {
    expect(
      planRebalance([
        { id: "n1", capacity: 10, agents: agents("a", 3) },
        { id: "n2", capacity: 10, agents: agents("b", 3) },
      ]),
    ).toEqual([]);
    expect(
      planRebalance([
        { id: "n1", capacity: 10, agents: agents("a", 6) },
        { id: "n2", capacity: 10, cordoned: true, agents: [] },
      ]),
    ).toEqual([]);
  });

  it("keeps an agent whose labels only its own node has", () => {
    const gpu = { nodeLabels: { gpu: "a100" }, spread: false };
    const moves = planRebalance([
      { id: "gpu", capacity: 10, labels: { gpu: "a100" }, agents: agents("g", 6).map((a) => ({ ...a, rule: gpu })) },
      { id: "plain", capacity: 10, agents: [] },
    ]);
    expect(moves).toEqual([]);
  });

  it("moves each agent at most once, never off or onto a cordoned node, and never makes the fullest node fuller", () => {
    const node = fc.record({
      capacity: fc.integer({ min: 1, max: 20 }),
      count: fc.nat(20),
      cordoned: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(node, { maxLength: 5 }), (specs) => {
        const nodes: RebalanceNode[] = specs.map((s, i) => ({
          id: `n${i}`,
          capacity: s.capacity,
          cordoned: s.cordoned,
          agents: agents(`n${i}-`, Math.min(s.count, s.capacity)),
        }));
        const moves = planRebalance(nodes);
        expect(new Set(moves).size).toBe(moves.length);
        // A cordoned node takes nothing; with nowhere open to go agents stay.
        if (nodes.filter((n) => !n.cordoned).length === 0) expect(moves).toEqual([]);
        // Agents only leave nodes fuller than the emptiest open node.
        const open = nodes.filter((n) => !n.cordoned);
        const emptiest = Math.min(...open.map((n) => n.agents.length / n.capacity));
        for (const id of moves) {
          const from = nodes.find((n) => n.agents.some((a) => a.id === id))!;
          expect(from.agents.length / from.capacity).toBeGreaterThan(emptiest);
        }
      }),
    );
  });
});
