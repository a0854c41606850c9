import { describe, expect, it } from "vitest";
import { ROUTING_STRATEGIES } from "@/schemas/blueprint";
import { createRouter } from "./create-router";
import { agent, seeded } from "./fixtures";
import type { RoutableAgent } from "./types";

const agents: RoutableAgent[] = [agent("a", 5, 1, 3), agent("b", 2, 1, 1), agent("c", 8, 1, 1)];

describe("createRouter", () => {
  it("builds a router for every strategy a blueprint may name", () => {
    for (const strategy of ROUTING_STRATEGIES) {
      const router = createRouter(strategy);
      expect(router.pick([], {}, seeded(1))).toBeUndefined();
      expect(agents).toContain(router.pick(agents, { sessionKey: "s" }, seeded(1)));
    }
  });

  it("dispatches to the named strategy", () => {
    const sequence = (strategy: "round-robin" | "least-busy" | "weighted") => {
      const router = createRouter(strategy);
      return Array.from({ length: 4 }, () => router.pick(agents, {}, seeded(1))?.id).join("");
    };
    expect(sequence("round-robin")).toBe("abca");
    expect(sequence("least-busy")).toBe("bbbb");
    expect(sequence("weighted")).toBe("abac");
  });

  it("gives each router its own memory", () => {
    const first = createRouter("round-robin");
    const second = createRouter("round-robin");
    expect(first.pick(agents, {}, seeded(1))?.id).toBe("a");
    expect(first.pick(agents, {}, seeded(1))?.id).toBe("b");
    expect(second.pick(agents, {}, seeded(1))?.id).toBe("a");

    const heavy = createRouter("weighted");
    const light = createRouter("weighted");
    heavy.pick(agents, {}, seeded(1));
    expect(light.pick(agents, {}, seeded(1))?.id).toBe("a");
  });

  it("keeps sticky rings apart between routers of different clusters", () => {
    const clusterA = createRouter("sticky");
    const clusterB = createRouter("sticky");
    const inA = clusterA.pick(agents, { sessionKey: "s" }, seeded(1));
    const other = [agent("x"), agent("y")];
    expect(other).toContain(clusterB.pick(other, { sessionKey: "s" }, seeded(1)));
    expect(clusterA.pick(agents, { sessionKey: "s" }, seeded(1))).toBe(inA);
  });
});
