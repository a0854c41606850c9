import { describe, expect, it } from "vitest";
import { agent, noRandom, scripted, seeded } from "./fixtures";
import { createLeastBusyRouter, EXACT_SCAN_LIMIT, pickLeastBusy } from "./least-busy";

describe("least-busy router", () => {
  it("picks the agent with the fewest tasks: loads 5, 2, 8 pick the one with 2", () => {
    const picked = createLeastBusyRouter().pick([agent("a", 5), agent("b", 2), agent("c", 8)], {}, noRandom);
    expect(picked?.id).toBe("b");
  });

  it("returns undefined for no agents, and the only agent when there is one", () => {
    expect(pickLeastBusy([], noRandom)).toBeUndefined();
    expect(pickLeastBusy([agent("a", 99)], noRandom)?.id).toBe("a");
  });

  it("compares load relative to concurrency", () => {
    // 6/8 = 0.75 beats 1/1 = 1 although 6 tasks is more than 1.
    expect(pickLeastBusy([agent("small", 1, 1), agent("big", 6, 8)], noRandom)?.id).toBe("big");
  });

  it("breaks a tie in relative load by the lower load, then by order", () => {
    expect(pickLeastBusy([agent("a", 2, 2), agent("b", 1, 1)], noRandom)?.id).toBe("b");
    expect(pickLeastBusy([agent("a", 1, 1), agent("b", 2, 2)], noRandom)?.id).toBe("a");
    expect(pickLeastBusy([agent("a", 0), agent("b", 0), agent("c", 0)], noRandom)?.id).toBe("a");
  });

  it("scans exactly up to the limit, even when the best agent is last", () => {
    const list = Array.from({ length: EXACT_SCAN_LIMIT }, (_, i) => agent(`a${i}`, 10));
    list[EXACT_SCAN_LIMIT - 1] = agent("idle", 0);
    expect(pickLeastBusy(list, noRandom)?.id).toBe("idle");
  });

  describe("above the limit (power of two choices)", () => {
    const many = Array.from({ length: 100 }, (_, i) => agent(`a${i}`, i));

    it("takes the less busy of the two sampled agents, whichever was drawn first", () => {
      // First index: floor(r * 100); second: floor(r * 99), shifted past the first.
      expect(pickLeastBusy(many, scripted(0.5, 0.1))?.id).toBe("a9");
      expect(pickLeastBusy(many, scripted(0.1, 0.5))?.id).toBe("a10");
    });

    it("noRandom samples the same agent twice", () => {
      // Both draws land on index 50; the second moves to 51, which is idle and wins.
      const loads = many.map((a) => (a.id === "a51" ? agent("a51", 0) : a));
      expect(pickLeastBusy(loads, scripted(0.5, 0.51))?.id).toBe("a51");
    });

    it("stays in range when random returns 1", () => {
      expect(pickLeastBusy(many, scripted(1, 1))?.id).toBe("a98");
    });

    it("breaks a tie between the two sampled agents by order", () => {
      const equal = Array.from({ length: 20 }, (_, i) => agent(`a${i}`, 3));
      expect(pickLeastBusy(equal, scripted(0.9, 0.1))?.id).toBe("a1");
    });

    it("noRandom picks the busiest quarter when load is spread evenly", () => {
      // With 1000 agents of load 0..999, the worse of two samples is noRandom chosen, so the
      // mean pick sits well below the mean load (≈ 333 instead of ≈ 500).
      const spread = Array.from({ length: 1000 }, (_, i) => agent(`a${i}`, i));
      const random = seeded(7);
      let total = 0;
      for (let i = 0; i < 10_000; i++) total += pickLeastBusy(spread, random)!.load;
      expect(total / 10_000).toBeGreaterThan(300);
      expect(total / 10_000).toBeLessThan(366);
    });
  });
});
