/** Chart points per window: the smallest readable bucket that keeps a chart under ~300 points. */
const BUCKETS_SECONDS = [2, 5, 10, 30, 60, 300, 900, 3600, 10_800];
const MAX_POINTS = 300;

export function bucketFor(windowMinutes: number, sampleSeconds: number): number {
  // Samples older than an hour are kept per minute, older than a day per quarter hour: finer buckets would show gaps.
  const finest = windowMinutes > 24 * 60 ? 900 : windowMinutes > 60 ? 60 : sampleSeconds;
  const fitting = BUCKETS_SECONDS.filter((b) => b >= finest && (windowMinutes * 60) / b <= MAX_POINTS);
  return fitting[0] ?? BUCKETS_SECONDS.at(-1)!;
}
