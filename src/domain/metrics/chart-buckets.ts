/** Chart points per window: the smallest readable bucket that keeps a chart under ~300 points. */
const BUCKETS_SECONDS = [2, 5, 10, 30, 60, 300, 900, 3600, 10_800];
const MAX_POINTS = 300;

export function bucketFor(windowMinutes: number, sampleSeconds: number): number {
  const fitting = BUCKETS_SECONDS.filter((b) => b >= sampleSeconds && (windowMinutes * 60) / b <= MAX_POINTS);
  return fitting[0] ?? BUCKETS_SECONDS.at(-1)!;
}
