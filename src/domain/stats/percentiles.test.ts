import { describe, expect, it } from "vitest";
import { median, percentile, summarizeTimings } from "./percentiles";

describe("percentiles", () => {
  it("takes the nearest rank", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(median(values)).toBe(51);
    expect(percentile(values, 95)).toBe(96);
    expect(percentile(values, 100)).toBe(100);
  });

  it("summarizes timings, and says nothing about none", () => {
    expect(summarizeTimings([120, 80, 100.4])).toEqual({ count: 3, medianMs: 100, p95Ms: 120, maxMs: 120 });
    expect(summarizeTimings([])).toEqual({ count: 0, medianMs: null, p95Ms: null, maxMs: null });
  });
});
