import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ClusterStatus } from "../cluster/lifecycle";
import { planPlacement } from "./plan-placement";

const agent = (id: string, status: string, nodeId: string | null, removed = false) => ({
  id,
  status,
  nodeId,
  removedAt: removed ? new Date(0) : null,
});

describe("planPlacement", () => {
  it("places agents that should run but sit on no live node, by free capacity", () => {
    const plan = planPlacement({
      clusters: [
        {
          status: "ACTIVE",
          agents: [agent("a", "IDLE", "n1"), agent("b", "PENDING", null), agent("c", "IDLE", "gone")],
        },
      ],
      nodes: [
        { id: "n1", capacity: 2 },
        { id: "n2", capacity: 2 },
      ],
    });
    // n2 has the most room, then both have one slot left and the tie goes to n1.
    expect([...plan.assign.entries()]).toEqual([
      ["n2", ["b"]],
      ["n1", ["c"]],
    ]);
    expect(plan.unplaced).toEqual([]);
    expect(plan.neverStarted).toEqual([]);
    expect(plan.onLostNodes).toEqual([]);
  });

  it("reports agents no node has room for", () => {
    const plan = planPlacement({
      clusters: [{ status: "SPAWNING", agents: [agent("a", "PENDING", null), agent("b", "PENDING", null)] }],
      nodes: [{ id: "n1", capacity: 1 }],
    });
    expect([...plan.assign.entries()]).toEqual([["n1", ["a"]]]);
    expect(plan.unplaced).toEqual(["b"]);
  });

  it("stops records of unwanted agents that never started or claim a process on a lost node", () => {
    const plan = planPlacement({
      clusters: [
        {
          status: "HIBERNATED",
          agents: [
            agent("pending", "PENDING", "n1"),
            agent("on-live", "IDLE", "n1"),
            agent("on-lost", "BUSY", "gone"),
            agent("nowhere", "STARTING", null),
            agent("stopped", "STOPPED", "gone"),
          ],
        },
        { status: "ACTIVE", agents: [agent("retired", "IDLE", "gone", true)] },
      ],
      nodes: [{ id: "n1", capacity: 5 }],
    });
    expect(plan.assign.size).toBe(0);
    expect(plan.neverStarted).toEqual(["pending"]);
    // A process on a live node is that runner's to stop; the record stays until it has.
    expect(plan.onLostNodes).toEqual(["on-lost", "nowhere", "retired"]);
  });

  it("moves an agent off a draining node only once its process is gone, and never back onto it", () => {
    const moving = (id: string, status: string) => ({ ...agent(id, status, "old"), moveRequestedAt: new Date(0) });
    const plan = planPlacement({
      clusters: [{ status: "ACTIVE", agents: [moving("busy", "BUSY"), moving("stopped", "STOPPED")] }],
      nodes: [
        { id: "old", capacity: 10, cordoned: true },
        { id: "new", capacity: 1 },
      ],
    });
    expect([...plan.assign.entries()]).toEqual([["new", ["stopped"]]]);
    expect(plan.unplaced).toEqual([]);
  });

  it("says why an agent waits when its labels are on no live node", () => {
    const plan = planPlacement({
      clusters: [
        {
          status: "ACTIVE",
          agents: [{ ...agent("a", "PENDING", null), role: "w", rule: { nodeLabels: { gpu: "a100" }, spread: false } }],
        },
      ],
      nodes: [{ id: "n1", capacity: 5, labels: { gpu: "t4" } }],
    });
    expect(plan.waiting.get("a")).toBe("no live node has the labels gpu=a100");
  });

  it("never assigns an agent twice, never to a node that is not live, and never over capacity", () => {
    const statuses: ClusterStatus[] = ["SPAWNING", "ACTIVE", "HIBERNATED", "DESTROYING", "SCALING_UP"];
    const arb = fc.record({
      clusters: fc.array(
        fc.record({
          status: fc.constantFrom(...statuses),
          agents: fc.array(
            fc.record({
              status: fc.constantFrom("PENDING", "STARTING", "IDLE", "BUSY", "STOPPED", "FAILED"),
              nodeId: fc.option(fc.constantFrom("n1", "n2", "n3", "gone"), { nil: null }),
              removed: fc.boolean(),
            }),
            { maxLength: 8 },
          ),
        }),
        { maxLength: 4 },
      ),
      nodes: fc.uniqueArray(fc.record({ id: fc.constantFrom("n1", "n2", "n3"), capacity: fc.nat(6) }), {
        selector: (n) => n.id,
      }),
    });
    fc.assert(
      fc.property(arb, ({ clusters, nodes }) => {
        let n = 0;
        const input = {
          clusters: clusters.map((c) => ({
            status: c.status,
            agents: c.agents.map((a) => agent(`a${n++}`, a.status, a.nodeId, a.removed)),
          })),
          nodes,
        };
        const plan = planPlacement(input);
        const ids = [...plan.assign.values()].flat();
        expect(new Set(ids).size).toBe(ids.length);
        const all = input.clusters.flatMap((c) => c.agents);
        for (const [nodeId, placed] of plan.assign) {
          const node = nodes.find((x) => x.id === nodeId);
          expect(node).toBeDefined();
          const already = input.clusters
            .flatMap((c) =>
              c.agents.filter((a) => a.removedAt === null && !["HIBERNATED", "DESTROYING"].includes(c.status)),
            )
            .filter((a) => a.nodeId === nodeId).length;
          expect(already + placed.length).toBeLessThanOrEqual(Math.max(node!.capacity, already));
        }
        // Every agent is in at most one set.
        const sets = [ids, plan.unplaced, plan.neverStarted, plan.onLostNodes].flat();
        expect(new Set(sets).size).toBe(sets.length);
        expect(sets.every((id) => all.some((a) => a.id === id))).toBe(true);
      }),
    );
  });
});
