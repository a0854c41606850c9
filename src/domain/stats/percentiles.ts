/** Nearest-rank percentiles of a sample (what benchmarks and the drill report). */
export const percentile = (values: readonly number[], p: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))]!;

export const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export interface TimingSummary {
  count: number;
  medianMs: number | null;
  p95Ms: number | null;
  maxMs: number | null;
}

export function summarizeTimings(values: readonly number[]): TimingSummary {
  if (!values.length) return { count: 0, medianMs: null, p95Ms: null, maxMs: null };
  return {
    count: values.length,
    medianMs: Math.round(median(values)),
    p95Ms: Math.round(percentile(values, 95)),
    maxMs: Math.round(Math.max(...values)),
  };
}
