/**
 * Requests waiting for something to happen: a task to finish (key: the task id), a cluster
 * to reach a status (key: `<clusterId>:<status>`). Whichever server makes it happen
 * publishes an event; every server resolves its own waiters from it.
 */
export class Waiters {
  private readonly waiting = new Map<string, Set<() => void>>();

  /** Resolves true when `key` happens, false after `timeoutMs`. */
  wait(key: string, timeoutMs: number): { promise: Promise<boolean>; cancel(): void } {
    let done!: (finished: boolean) => void;
    const promise = new Promise<boolean>((resolve) => (done = resolve));
    const onFinish = () => finish(true);
    const timer = setTimeout(() => finish(false), timeoutMs);
    const set = this.waiting.get(key) ?? new Set();
    set.add(onFinish);
    this.waiting.set(key, set);
    let settled = false;
    const finish = (finished: boolean) => {
      // Cancelled after it happened or timed out: its set may be gone, and another waiter's in its place.
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      set.delete(onFinish);
      if (!set.size && this.waiting.get(key) === set) this.waiting.delete(key);
      done(finished);
    };
    return { promise, cancel: () => finish(false) };
  }

  /** Keys someone waits for now. */
  get size(): number {
    return this.waiting.size;
  }

  happened(keys: Iterable<string>): void {
    for (const id of keys) for (const resolve of [...(this.waiting.get(id) ?? [])]) resolve();
  }
}
