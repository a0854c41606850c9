import { describe, expect, it } from "vitest";
import { idsOf, sameIds, sameOrder } from "./agent-order";
import { agent } from "./fixtures";

describe("sameOrder", () => {
  it("accepts the same ids in the same order, even in new objects", () => {
    expect(sameOrder([agent("a"), agent("b")], ["a", "b"])).toBe(true);
    expect(sameOrder([], [])).toBe(true);
  });

  it("refuses another order, another length or another id", () => {
    expect(sameOrder([agent("b"), agent("a")], ["a", "b"])).toBe(false);
    expect(sameOrder([agent("a")], ["a", "b"])).toBe(false);
    expect(sameOrder([agent("a"), agent("c")], ["a", "b"])).toBe(false);
  });

  it("lists ids in order", () => {
    expect(idsOf([agent("b"), agent("a")])).toEqual(["b", "a"]);
  });

  it("compares two id lists element by element", () => {
    expect(sameIds(["a", "b"], ["a", "b"])).toBe(true);
    expect(sameIds(["a", "b"], ["b", "a"])).toBe(false);
    expect(sameIds(["a"], ["a", "b"])).toBe(false);
  });
});
