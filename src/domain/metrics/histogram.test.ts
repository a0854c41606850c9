import { describe, expect, it } from "vitest";
import { histogramSeries } from "./histogram";

describe("histogramSeries", () => {
  it("folds per-bucket rows of each label set into cumulative buckets with count and sum", () => {
    const series = histogramSeries(
      [
        { labels: { cluster: "a" }, bucket: 0, count: 2, sum: 0.1 },
        { labels: { cluster: "a" }, bucket: 2, count: 1, sum: 4 },
        { labels: { cluster: "b" }, bucket: 1, count: 1, sum: 1 },
      ],
      [0.5, 1],
    );
    expect(series).toEqual([
      { labels: { cluster: "a" }, cumulative: [2, 2], count: 3, sum: 4.1 },
      { labels: { cluster: "b" }, cumulative: [0, 1], count: 1, sum: 1 },
    ]);
  });
});
