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
    const finish = (finished: boolean) => {
      clearTimeout(timer);
      set.delete(onFinish);
      if (!set.size) this.waiting.delete(key);
      done(finished);
    };
    return { promise, cancel: () => finish(false) };
  }

  happened(keys: Iterable<string>): void {
    for (const id of keys) for (const resolve of [...(this.waiting.get(id) ?? [])]) resolve();
  }
}
