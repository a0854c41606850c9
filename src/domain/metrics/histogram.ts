/** Bucket bounds of Myzel's time histograms, and rows of counts per bucket folded into cumulative series. */
import type { HistogramSeries, Labels } from "./exposition";

/** Seconds: from a builtin echo (milliseconds) to a long LLM or tool run (minutes). */
export const SECONDS_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900] as const;

/** Observations of one label set that fell in one bucket: `bucket` is the index of the first bound ≥ the value (= bounds.length past the last). */
export interface BucketRow {
  labels: Labels;
  bucket: number;
  count: number;
  sum: number;
}

/** One histogram series per label set, its buckets cumulative as Prometheus wants them. */
export function histogramSeries(rows: readonly BucketRow[], bounds: readonly number[]): HistogramSeries[] {
  const byLabels = new Map<string, { labels: Labels; perBucket: number[]; sum: number }>();
  for (const row of rows) {
    const key = JSON.stringify(row.labels);
    let series = byLabels.get(key);
    if (!series) {
      series = { labels: row.labels, perBucket: new Array(bounds.length + 1).fill(0), sum: 0 };
      byLabels.set(key, series);
    }
    series.perBucket[Math.min(row.bucket, bounds.length)]! += row.count;
    series.sum += row.sum;
  }
  return [...byLabels.values()].map(({ labels, perBucket, sum }) => {
    let running = 0;
    const cumulative = perBucket.slice(0, bounds.length).map((n) => {
      running += n;
      return running;
    });
    return { labels, cumulative, count: running + perBucket[bounds.length]!, sum };
  });
}
