/**
 * How long to wait before attempt `attempt + 1` of a failed task: exponential from `baseMs`,
 * capped at `maxMs`, with "equal jitter" (half fixed, half random) so that tasks failing
 * together do not come back together.
 */
export function retryDelay(attempt: number, policy: { baseMs: number; maxMs: number }, random: () => number): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
