import { describe, expect, it } from "vitest";
import { screenDiff } from "./screen-diff";

describe("screenDiff", () => {
  it("repaints only the rows that changed", () => {
    expect(screenDiff(["a", "b", "c"], ["a", "B", "c"])).toBe("\u001b[2;1HB\u001b[K");
  });

  it("draws rows that are new and wipes rows that are gone", () => {
    expect(screenDiff(["a"], ["a", "b"])).toBe("\u001b[2;1Hb\u001b[K");
    expect(screenDiff(["a", "b", "c"], ["a"])).toBe("\u001b[2;1H\u001b[J");
  });

  it("sends nothing when nothing changed", () => {
    expect(screenDiff(["a", "b"], ["a", "b"])).toBe("");
  });
});
