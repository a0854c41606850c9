import { describe, expect, it } from "vitest";
import { agent, noRandom } from "./fixtures";
import { createRoundRobinRouter } from "./round-robin";
import type { RoutableAgent, Router } from "./types";

const agents = (ids: string): RoutableAgent[] => [...ids].map((id) => agent(id));
const picks = (router: Router, list: readonly RoutableAgent[], count: number): string =>
  Array.from({ length: count }, () => router.pick(list, {}, noRandom)?.id ?? "-").join("");

describe("round-robin router", () => {
  it("cycles a, b, c in order: 9 picks give each agent 3", () => {
    expect(picks(createRoundRobinRouter(), agents("abc"), 9)).toBe("abcabcabc");
  });

  it("returns undefined for no agents, and the only agent when there is one", () => {
    const router = createRoundRobinRouter();
    expect(router.pick([], {}, noRandom)).toBeUndefined();
    expect(picks(router, agents("a"), 3)).toBe("aaa");
  });

  it("is stable when the caller rebuilds the same list each time", () => {
    const router = createRoundRobinRouter();
    const sequence = Array.from({ length: 6 }, () => router.pick(agents("abc"), {}, noRandom)?.id).join("");
    expect(sequence).toBe("abcabc");
  });

  it("continues after the last agent when one is added at the front", () => {
    const router = createRoundRobinRouter();
    expect(picks(router, agents("abc"), 2)).toBe("ab");
    expect(picks(router, agents("xabc"), 5)).toBe("cxabc");
  });

  it("continues with the successor when the last picked agent is removed", () => {
    const router = createRoundRobinRouter();
    expect(picks(router, agents("abcd"), 2)).toBe("ab");
    expect(picks(router, agents("acd"), 4)).toBe("cdac");
  });

  it("wraps around when the last picked agent was the last one and is removed", () => {
    const router = createRoundRobinRouter();
    expect(picks(router, agents("abc"), 3)).toBe("abc");
    expect(picks(router, agents("ab"), 2)).toBe("ab");
  });

  it("does not skip an agent when an earlier one is removed", () => {
    const router = createRoundRobinRouter();
    expect(picks(router, agents("abcd"), 3)).toBe("abc");
    expect(picks(router, agents("bcd"), 3)).toBe("dbc");
  });

  it("stays fair after a change: every agent gets its share", () => {
    const router = createRoundRobinRouter();
    picks(router, agents("abcde"), 7);
    const counts = new Map<string, number>();
    for (const id of picks(router, agents("abde"), 40)) counts.set(id, (counts.get(id) ?? 0) + 1);
    expect([...counts.values()]).toEqual([10, 10, 10, 10]);
  });
});
