/**
 * Refetches triggered by live events, at most once per interval for each query: the first
 * event refetches at once, a burst (fifty tasks a second) folds into one more refetch at
 * the end of the interval. Keeps the screen current without a request per event.
 */
export interface RefetchThrottle {
  /** Runs `refetch` for `key` now, or once at the end of the current interval. */
  request(key: string, refetch: () => void): void;
  stop(): void;
}

export function createRefetchThrottle(
  intervalMs: number,
  now: () => number = () => performance.now(),
): RefetchThrottle {
  const last = new Map<string, number>();
  const pending = new Map<string, ReturnType<typeof setTimeout>>();
  const run = (key: string, refetch: () => void) => {
    pending.delete(key);
    last.set(key, now());
    refetch();
  };
  return {
    request(key, refetch) {
      if (pending.has(key)) return;
      const wait = (last.get(key) ?? -Infinity) + intervalMs - now();
      if (wait <= 0) return run(key, refetch);
      pending.set(
        key,
        setTimeout(() => run(key, refetch), wait),
      );
    },
    stop() {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
    },
  };
}
