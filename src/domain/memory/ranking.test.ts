import { describe, expect, it } from "vitest";
import { fitToBudget, mergeRankings } from "./ranking";

describe("ranking merge", () => {
  it("puts a document both searches find above one only full text finds", () => {
    const merged = mergeRankings(
      [
        { id: "a", score: 0.4 },
        { id: "b", score: 0.4 },
      ],
      [{ id: "b", score: 0.9 }],
      10,
    );
    expect(merged.map((h) => h.id)).toEqual(["b", "a"]);
    expect(merged[0]!.score).toBeCloseTo(0.7 + 0.27);
  });

  it("keeps similarity-only hits, below strong full-text hits, and honours the limit", () => {
    const merged = mergeRankings([{ id: "a", score: 2 }], [{ id: "c", score: 0.7 }], 1);
    expect(merged.map((h) => h.id)).toEqual(["a"]);
    expect(mergeRankings([], [{ id: "c", score: 0.7 }], 5).map((h) => h.id)).toEqual(["c"]);
  });
});

describe("token budget", () => {
  it("takes the best documents first and cuts the one that does not fit", () => {
    const docs = [{ text: "x".repeat(30) }, { text: "y".repeat(30) }, { text: "z".repeat(30) }];
    const chosen = fitToBudget(docs, 10); // about 40 characters
    expect(chosen.map((d) => [d.text.length, d.cut])).toEqual([
      [30, false],
      [10, true],
    ]);
  });
});
