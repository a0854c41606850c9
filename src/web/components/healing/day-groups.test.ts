import { describe, expect, it } from "vitest";
import { groupByDay } from "./day-groups";

describe("groupByDay", () => {
  it("groups consecutive entries by calendar day, naming today and yesterday", () => {
    const now = new Date(2026, 10, 24, 12, 0);
    const at = (day: number, hour: number) => new Date(2026, 10, day, hour).toISOString();
    const groups = groupByDay([{ at: at(24, 11) }, { at: at(24, 1) }, { at: at(23, 22) }, { at: at(20, 9) }], now);
    expect(groups.map((g) => [g.label, g.items.length])).toEqual([
      ["Today", 2],
      ["Yesterday", 1],
      ["Friday, 20 November 2026", 1],
    ]);
  });

  it("has no groups for no entries", () => {
    expect(groupByDay([])).toEqual([]);
  });
});
