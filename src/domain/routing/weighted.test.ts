import { describe, expect, it } from "vitest";
import { agent, noRandom } from "./fixtures";
import type { RoutableAgent, Router } from "./types";
import { createWeightedRouter } from "./weighted";

const weighted = (spec: Record<string, number>): RoutableAgent[] =>
  Object.entries(spec).map(([id, weight]) => agent(id, 0, 1, weight));
const picks = (router: Router, agents: readonly RoutableAgent[], count: number): string =>
  Array.from({ length: count }, () => router.pick(agents, {}, noRandom)?.id ?? "-").join("");
const tally = (sequence: string): Record<string, number> => {
  const counts: Record<string, number> = {};
  for (const id of sequence) counts[id] = (counts[id] ?? 0) + 1;
  return counts;
};

describe("weighted router", () => {
  it("interleaves weights 5, 1, 1 as a a b a c a a, and repeats the cycle", () => {
    const agents = weighted({ a: 5, b: 1, c: 1 });
    expect(picks(createWeightedRouter(), agents, 14)).toBe("aabacaa".repeat(2));
  });

  it("chooses each agent exactly `weight` times in every cycle of sum(weights) picks", () => {
    const router = createWeightedRouter();
    const agents = weighted({ a: 3, b: 2, c: 4, d: 1 });
    for (let cycle = 0; cycle < 5; cycle++) {
      expect(tally(picks(router, agents, 10))).toEqual({ a: 3, b: 2, c: 4, d: 1 });
    }
  });

  it("behaves like round-robin when all weights are equal", () => {
    expect(picks(createWeightedRouter(), weighted({ a: 1, b: 1, c: 1 }), 6)).toBe("abcabc");
  });

  it("accepts fractional weights", () => {
    const counts = tally(picks(createWeightedRouter(), weighted({ a: 0.5, b: 1.5 }), 40));
    expect(counts).toEqual({ a: 10, b: 30 });
  });

  it("returns undefined for no agents, and the only agent when there is one", () => {
    const router = createWeightedRouter();
    expect(router.pick([], {}, noRandom)).toBeUndefined();
    expect(picks(router, weighted({ a: 3 }), 4)).toBe("aaaa");
  });

  it("is stable when the caller rebuilds the same list each time", () => {
    const router = createWeightedRouter();
    const sequence = Array.from({ length: 7 }, () => router.pick(weighted({ a: 5, b: 1, c: 1 }), {}, noRandom)?.id);
    expect(sequence.join("")).toBe("aabacaa");
  });

  it("keeps the sequence when the list is only reordered", () => {
    const router = createWeightedRouter();
    expect(picks(router, weighted({ a: 5, b: 1, c: 1 }), 3)).toBe("aab");
    expect(picks(router, weighted({ c: 1, b: 1, a: 5 }), 4)).toBe("acaa");
  });

  it("settles into the new weights after an agent leaves and another joins", () => {
    const router = createWeightedRouter();
    picks(router, weighted({ a: 5, b: 1, c: 1 }), 4);
    const changed = weighted({ a: 5, c: 1, d: 2 });
    const counts = tally(picks(router, changed, 8 * 20));
    // Carried-over scores skew the counts by at most one pick.
    expect(Math.abs(counts.a! - 100)).toBeLessThanOrEqual(1);
    expect(Math.abs(counts.c! - 20)).toBeLessThanOrEqual(1);
    expect(Math.abs(counts.d! - 40)).toBeLessThanOrEqual(1);
    expect(counts.b).toBeUndefined();
  });

  it("follows a weight change without a membership change", () => {
    const router = createWeightedRouter();
    picks(router, weighted({ a: 1, b: 1 }), 3);
    const counts = tally(picks(router, weighted({ a: 3, b: 1 }), 40));
    expect(Math.abs(counts.a! - 30)).toBeLessThanOrEqual(1);
  });
});
