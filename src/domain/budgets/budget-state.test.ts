import { describe, expect, it } from "vitest";
import { judgeBudget, periodEnd, periodKey, periodStart } from "./budget-state";

const now = new Date("2026-12-02T15:30:00Z");
const limits = { softUsd: 5, hardUsd: 10, resumedUntil: null };

describe("budget periods", () => {
  it("are UTC days and months", () => {
    expect(periodStart("day", now).toISOString()).toBe("2026-12-02T00:00:00.000Z");
    expect(periodEnd("day", now).toISOString()).toBe("2026-12-03T00:00:00.000Z");
    expect(periodStart("month", now).toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(periodEnd("month", new Date("2026-12-31T23:59:59Z")).toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });

  it("are named in the limiter's keys by their UTC date", () => {
    expect(periodKey("day", now)).toBe("day-2026-12-02");
    expect(periodKey("month", now)).toBe("month-2026-12");
    expect(periodKey("day", new Date("2026-12-31T23:59:59Z"))).toBe("day-2026-12-31");
  });
});

describe("judgeBudget", () => {
  it("gives notice at the soft limit", () => {
    expect(judgeBudget(limits, { spentUsd: 4.99, costliestTaskUsd: 0.1 }, now)).toEqual({ soft: false, hold: false });
    expect(judgeBudget(limits, { spentUsd: 5, costliestTaskUsd: 0.1 }, now)).toEqual({ soft: true, hold: false });
  });

  it("holds once one more task like the costliest could cross the hard limit", () => {
    expect(judgeBudget(limits, { spentUsd: 9.75, costliestTaskUsd: 0.25 }, now).hold).toBe(false);
    expect(judgeBudget(limits, { spentUsd: 9.76, costliestTaskUsd: 0.25 }, now).hold).toBe(true);
    expect(judgeBudget(limits, { spentUsd: 12, costliestTaskUsd: 0 }, now).hold).toBe(true);
    expect(judgeBudget({ ...limits, hardUsd: 0 }, { spentUsd: 0, costliestTaskUsd: 0 }, now).hold).toBe(true);
  });

  it("holds nothing while resumed, nor without a hard limit", () => {
    const resumed = { ...limits, resumedUntil: new Date("2026-12-03T00:00:00Z") };
    expect(judgeBudget(resumed, { spentUsd: 50, costliestTaskUsd: 1 }, now)).toEqual({ soft: true, hold: false });
    expect(judgeBudget({ ...resumed, resumedUntil: now }, { spentUsd: 50, costliestTaskUsd: 1 }, now).hold).toBe(true);
    expect(judgeBudget({ ...limits, hardUsd: null }, { spentUsd: 50, costliestTaskUsd: 1 }, now).hold).toBe(false);
  });
});
